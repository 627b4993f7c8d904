package dev.metricsagent.instrumentation.webflux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.metricsagent.bridge.RecordedEvents;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.adapter.HttpWebHandlerAdapter;

/** WebFlux's route tables listed as the inventory gets them, under Boot's base path. */
class WebFluxRouteListerTest {
  @Test
  void annotatedAndFunctionalRoutesAreListedUnderTheBasePath() {
    try (RecordedEvents recorder = RecordedEvents.install();
        AnnotationConfigApplicationContext app = new AnnotationConfigApplicationContext()) {
      app.getEnvironment()
          .getPropertySources()
          .addFirst(new MapPropertySource("boot", Map.of("spring.webflux.base-path", "api/")));
      app.register(WebFluxAdviceTest.Config.class);
      app.refresh();
      WebFluxRouteLister lister = new WebFluxRouteLister();
      lister.listRoutes(app.getBean(RequestMappingHandlerMapping.class));
      lister.listRoutes(app.getBean(RouterFunctionMapping.class));
      assertEquals(
          List.of("+GET /api/fn/hello/{name}", "+GET /api/items/{id}", "+POST /api/items/new"),
          List.copyOf(new TreeSet<>(recorder.events())));
    }
  }

  @Test
  void anotherFrameworksTableIsNotListed() {
    assertThrows(IllegalStateException.class, () -> new WebFluxRouteLister().listRoutes("table"));
  }

  @Test
  void theBasePathIsCleanedAsBootCleansIt() {
    assertEquals("", WebFluxRouteLister.basePath(null));
    assertEquals("", WebFluxRouteLister.basePath(" "));
    assertEquals("/api", WebFluxRouteLister.basePath("api/"));
    assertEquals("/api/v1", WebFluxRouteLister.basePath(" /api/v1 "));
  }

  /** Keeps the import of the adapter type honest: the lister knows it by this name. */
  @Test
  void theAdapterTypeNameIsSpringsOwn() {
    assertEquals(HttpWebHandlerAdapter.class.getName(), WebFluxModule.WEB_HANDLER_ADAPTER);
  }
}
