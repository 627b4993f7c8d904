package dev.metricsagent.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.ServletException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a naming profile may label besides the route and status: the exception the handling threw
 * and the connection's scheme and protocol version, carried to the recorder in the reused {@link
 * CompletedRequest}.
 */
class RequestFactsTest {
  private final List<String> recorded = new ArrayList<>();

  /** Records requests as "status exception connection". */
  private class FactsRecorder implements HttpRecorder {
    @Override
    public Object routeStarted(String method, String template) {
      return null;
    }

    @Override
    public void record(CompletedRequest r) {
      recorded.add(r.status() + " " + r.exception() + " " + r.connection());
    }

    @Override
    public void routeAdded(String method, String template) {}

    @Override
    public void routeRemoved(String method, String template) {}

    @Override
    public void routesCleared() {}
  }

  @BeforeEach
  void install() {
    Recorders.set(new FactsRecorder());
  }

  @AfterEach
  void uninstall() {
    Settings.install(Settings.NONE);
    Recorders.set(null);
  }

  @Test
  void theInnermostExitNamesTheExceptionAndAServletExceptionIsUnwrapped() {
    RequestState outer = Requests.start(); // the container's hook
    RequestState inner = Requests.start(); // the framework's
    ServletException wrapped =
        new ServletException("Request processing failed", new IllegalStateException("boom"));
    inner.answered("GET", 200, false, wrapped);
    Requests.end(inner, null, null);
    outer.answered("GET", 200, false, new RuntimeException("rethrown as another"));
    Requests.end(outer, null, null);

    RequestState next = Requests.start(); // the thread's next request threw nothing
    next.answered("GET", 200, true, null);
    Requests.end(next, null, null);

    assertEquals(List.of("500 IllegalStateException 0", "200 null 0"), recorded);
  }

  @Test
  void aHookWithoutAResponseNamesItToo() {
    RequestState s = Requests.start();
    s.answered("GET", new IllegalArgumentException());
    Requests.end(s, null, null);
    RequestState anonymous = Requests.start();
    anonymous.answered("GET", new RuntimeException() {});
    Requests.end(anonymous, null, null);

    assertEquals(
        List.of(
            "500 IllegalArgumentException 0",
            "500 " + RequestFactsTest.class.getName() + "$1 0"), // no simple name: the binary one
        recorded);
  }

  @Test
  void theConnectionIsReadFromTheRequestOnlyWhenAReaderIsInstalled() {
    Object https2 = new Object();
    ConnectionReader reader =
        request -> request == https2 ? ConnectionReader.HTTPS | ConnectionReader.HTTP_2 : 0;
    RequestState s = Requests.start();
    s.answered("GET", 200, true, null);
    Requests.end(s, https2, null);

    Settings.install(Settings.NONE.withConnectionReader(reader));
    s = Requests.start();
    s.answered("GET", 200, true, null);
    Requests.end(s, https2, null);
    s = Requests.start();
    s.answered("GET", 200, true, null);
    Requests.end(s, new Object(), null);

    int code = ConnectionReader.HTTPS | ConnectionReader.HTTP_2;
    assertEquals(List.of("200 null 0", "200 null " + code, "200 null 0"), recorded);
    assertEquals(ConnectionReader.HTTPS, ConnectionReader.scheme(code));
    assertEquals(ConnectionReader.HTTP_2, ConnectionReader.version(code));
  }
}
