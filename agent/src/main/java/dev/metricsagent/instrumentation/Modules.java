package dev.metricsagent.instrumentation;

import dev.metricsagent.instrumentation.javalin.Javalin6Module;
import dev.metricsagent.instrumentation.javalin.Javalin7Module;
import dev.metricsagent.instrumentation.jaxrs.JaxrsModule;
import dev.metricsagent.instrumentation.jaxrs.JerseyGrizzlyModule;
import dev.metricsagent.instrumentation.jdkhttp.JdkHttpModule;
import dev.metricsagent.instrumentation.micronaut.MicronautModule;
import dev.metricsagent.instrumentation.servlet.JavaxServletModule;
import dev.metricsagent.instrumentation.servlet.Jetty12ConnectorModule;
import dev.metricsagent.instrumentation.servlet.Jetty9Module;
import dev.metricsagent.instrumentation.servlet.JettyConnectorModule;
import dev.metricsagent.instrumentation.servlet.JettyWebAppModule;
import dev.metricsagent.instrumentation.servlet.ServletModule;
import dev.metricsagent.instrumentation.servlet.TomcatConnectorModule;
import dev.metricsagent.instrumentation.servlet.TomcatWebAppModule;
import dev.metricsagent.instrumentation.quarkus.QuarkusRestModule;
import dev.metricsagent.instrumentation.quarkus.QuarkusRouterModule;
import dev.metricsagent.instrumentation.quarkus.QuarkusStaticModule;
import dev.metricsagent.instrumentation.spark.SparkModule;
import dev.metricsagent.instrumentation.spring.SpringModule;
import dev.metricsagent.instrumentation.vertx.VertxModule;
import dev.metricsagent.instrumentation.webflux.WebFluxModule;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Every framework module the agent weaves. Adding a framework: its folder, and one line here. */
public final class Modules {
  private Modules() {}

  public static List<InstrumentationModule> all() {
    return Collections.unmodifiableList(Arrays.<InstrumentationModule>asList(
            new SparkModule(),
            // servlet containers (jakarta, javax 4, Jetty 9.4), their connectors, the JDK HttpServer
            new ServletModule(),
            new JavaxServletModule(),
            new TomcatWebAppModule(),
            new TomcatConnectorModule(),
            new Jetty9Module(),
            new JettyConnectorModule(),
            new Jetty12ConnectorModule(),
            new JettyWebAppModule(),
            new JdkHttpModule(),
            // Spring MVC, Spring WebFlux, JAX-RS (Jersey; its Grizzly container)
            new SpringModule(),
            new WebFluxModule(),
            new JaxrsModule(),
            new JerseyGrizzlyModule(),
            // Javalin 6 and 7 (one applies per class loader: requiredType)
            new Javalin6Module(),
            new Javalin7Module(),
            // Micronaut 4 on its Netty server
            new MicronautModule(),
            // Vert.x Web 4.5 and 5; Quarkus REST, Quarkus's static resources and router on it
            new VertxModule(),
            new QuarkusRestModule(),
            new QuarkusStaticModule(),
            new QuarkusRouterModule()));
  }

  /**
   * Stacks no module measures: each says so once, in one line, when it starts. None today: the
   * Vert.x module covers Vert.x Web and Quarkus.
   */
  public static List<UnmeasuredStack> unmeasured() {
    return Collections.emptyList();
  }
}
