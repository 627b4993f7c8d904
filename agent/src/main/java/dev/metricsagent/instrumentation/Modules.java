package dev.metricsagent.instrumentation;

import dev.metricsagent.instrumentation.javalin.Javalin6Module;
import dev.metricsagent.instrumentation.javalin.Javalin7Module;
import dev.metricsagent.instrumentation.spark.SparkModule;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Every framework module the agent weaves. Adding a framework: its folder, and one line here. */
public final class Modules {
  private Modules() {}

  public static List<InstrumentationModule> all() {
    return Collections.unmodifiableList(
        Arrays.<InstrumentationModule>asList(
            new SparkModule(), new Javalin6Module(), new Javalin7Module()));
  }
}
