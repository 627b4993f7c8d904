package dev.metricsagent.testapps.servlet;

import static spark.Spark.get;

import spark.servlet.SparkApplication;

/** The /app web app's routes, registered by {@code SparkFilter} while that web app starts. */
public class SparkHi implements SparkApplication {
  @Override
  public void init() {
    get("/hi", (req, res) -> "hi");
  }
}
