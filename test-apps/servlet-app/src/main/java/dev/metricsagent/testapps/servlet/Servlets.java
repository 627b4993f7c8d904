package dev.metricsagent.testapps.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The servlets, filter and error page of the plain servlet test app, one class per case; the
 * container's main (TomcatServletApp, Jetty12ServletApp, JettyServletApp) maps them. One source
 * for every container: servlet-tomcat and servlet-jetty12 compile it as it is (jakarta),
 * servlet-jetty compiles a copy with the javax prefix that its build writes.
 *
 * <table>
 *   <caption>Mappings</caption>
 *   <tr><td>/hello</td><td>200 {@code hello} (HEAD: the same, no body)</td></tr>
 *   <tr><td>/items/*</td><td>GET 200 {@code item <id>}, id 0: the servlet sets 404; PUT,
 *       DELETE 200</td></tr>
 *   <tr><td>/boom</td><td>throws: the container's 500</td></tr>
 *   <tr><td>/secure/*</td><td>200 with header X-Token: t0ken, else a filter's
 *       sendError(401)</td></tr>
 *   <tr><td>/teapot</td><td>sendError(418), rendered by the error page /error</td></tr>
 *   <tr><td>/forward</td><td>forwards to /hello</td></tr>
 *   <tr><td>/async</td><td>startAsync; another thread writes 200 {@code async done} and
 *       completes</td></tr>
 *   <tr><td>/async-dispatch</td><td>startAsync; another thread dispatches to /hello</td></tr>
 *   <tr><td>*.do</td><td>200 {@code did <servlet path>}</td></tr>
 *   <tr><td>anything else</td><td>the container's 404</td></tr>
 * </table>
 */
final class Servlets {
  private Servlets() {}

  /** Completes async requests off the container's threads. */
  static final ExecutorService ASYNC =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "app-async");
            t.setDaemon(true);
            return t;
          });

  static void text(HttpServletResponse resp, String body) throws IOException {
    resp.setContentType("text/plain");
    resp.getWriter().write(body);
  }

  static final class Hello extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      text(resp, "hello");
    }
  }

  static final class Items extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String id = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
      if (id.equals("0")) {
        resp.setStatus(404);
        text(resp, "no item 0");
      } else {
        text(resp, "item " + id);
      }
    }

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      text(resp, "updated");
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      text(resp, "deleted");
    }
  }

  static final class Boom extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      throw new IllegalStateException("boom (thrown on purpose by the test app)");
    }
  }

  static final class Secure extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      text(resp, "secret");
    }
  }

  /** In front of /secure/*: rejects requests without the token. */
  static final class TokenFilter implements Filter {
    @Override
    public void init(FilterConfig config) {}

    @Override
    public void destroy() {}

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
        throws IOException, ServletException {
      if ("t0ken".equals(((HttpServletRequest) req).getHeader("X-Token"))) {
        chain.doFilter(req, resp);
      } else {
        ((HttpServletResponse) resp).sendError(401);
      }
    }
  }

  static final class Teapot extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.sendError(418);
    }
  }

  /** The error page for 418. */
  static final class ErrorPage extends HttpServlet {
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      text(resp, "error page for " + req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
    }
  }

  static final class Forward extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp)
        throws IOException, ServletException {
      req.getRequestDispatcher("/hello").forward(req, resp);
    }
  }

  static final class Async extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      AsyncContext ac = req.startAsync();
      ASYNC.execute(
          () -> {
            try {
              TimeUnit.MILLISECONDS.sleep(20);
              text((HttpServletResponse) ac.getResponse(), "async done");
            } catch (Exception e) {
              ((HttpServletResponse) ac.getResponse()).setStatus(500);
            } finally {
              ac.complete();
            }
          });
    }
  }

  static final class AsyncDispatch extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      AsyncContext ac = req.startAsync();
      ASYNC.execute(() -> ac.dispatch("/hello"));
    }
  }

  static final class Did extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      text(resp, "did " + req.getServletPath());
    }
  }
}
