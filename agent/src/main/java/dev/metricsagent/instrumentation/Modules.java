package dev.metricsagent.instrumentation;

import dev.metricsagent.instrumentation.jaxrs.JaxrsModule;
import dev.metricsagent.instrumentation.spark.SparkModule;
import dev.metricsagent.instrumentation.spring.SpringModule;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Every framework module the agent weaves. Adding a framework: its folder, and one line here. */
public final class Modules {
  private Modules() {}

  public static List<InstrumentationModule> all() {
    return Collections.unmodifiableList(Arrays.<InstrumentationModule>asList(
            new SparkModule(),
            // issue 16
            new SpringModule(),
            new JaxrsModule()));
  }
}
