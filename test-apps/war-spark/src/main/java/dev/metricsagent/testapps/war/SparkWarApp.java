package dev.metricsagent.testapps.war;

import static spark.Spark.get;

import spark.servlet.SparkApplication;

/** Started by {@code SparkFilter} (WEB-INF/web.xml) when the web app starts. */
public class SparkWarApp implements SparkApplication {
  @Override
  public void init() {
    get("/products/:id", (req, res) -> "product " + req.params(":id"));
  }
}
