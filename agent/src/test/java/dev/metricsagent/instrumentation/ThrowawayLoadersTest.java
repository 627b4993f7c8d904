package dev.metricsagent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.metricsagent.instrumentation.spark.SparkModule;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Class loaders come and go (a web app redeployed, a plugin reloaded, a test runner's loaders):
 * once one has had framework classes woven, the agent must not keep it alive. Each loader here
 * loads Spark's hooked classes from the Spark jar itself (child first), woven by the agent's
 * {@link Instrumenter} as the JVM would have it do; once dropped, every one must be collected.
 */
class ThrowawayLoadersTest {
  private static final String[] HOOKED = {
    "spark.http.matching.MatcherFilter", "spark.route.Routes", "spark.staticfiles.StaticFilesConfiguration"
  };
  private static final int LOADERS = 12;

  @Test
  void everyDroppedLoaderIsCollectedAfterItsClassesWereWoven() throws Exception {
    Instrumenter instrumenter = new Instrumenter(List.of(new SparkModule()));
    URL sparkJar = spark.route.Routes.class.getProtectionDomain().getCodeSource().getLocation();
    AtomicInteger woven = new AtomicInteger();
    List<WeakReference<ClassLoader>> dropped = new ArrayList<>();
    for (int i = 0; i < LOADERS; i++) {
      WeavingLoader loader = new WeavingLoader(sparkJar, instrumenter, woven);
      for (String name : HOOKED) {
        assertEquals(loader, loader.loadClass(name).getClassLoader(), name);
      }
      dropped.add(new WeakReference<>(loader));
      loader.close();
    }
    assertEquals(LOADERS * HOOKED.length, woven.get(), "each hooked class woven in each loader");

    long deadline = System.nanoTime() + 20_000_000_000L;
    int alive = LOADERS;
    while (alive > 0 && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20); // a bounded poll: reference processing runs after the collection
      alive = 0;
      for (WeakReference<ClassLoader> r : dropped) {
        alive += r.get() == null ? 0 : 1;
      }
    }
    assertEquals(0, alive, "loaders still reachable after GC, of " + LOADERS);
  }

  /**
   * Spark's classes from the Spark jar, defined here with the agent's weaving applied (as the
   * JVM's transformer hook would); everything else from the test's class path. A 4 MiB field
   * makes a leaked loader expensive, as a web app's would be.
   */
  private static final class WeavingLoader extends URLClassLoader {
    private final Instrumenter instrumenter;
    private final AtomicInteger woven;
    @SuppressWarnings("unused")
    private final byte[] ballast = new byte[4 << 20];

    WeavingLoader(URL jar, Instrumenter instrumenter, AtomicInteger woven) {
      super(new URL[] {jar}, ThrowawayLoadersTest.class.getClassLoader());
      this.instrumenter = instrumenter;
      this.woven = woven;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("spark.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        return c != null ? c : define(name);
      }
    }

    private Class<?> define(String name) throws ClassNotFoundException {
      String internal = name.replace('.', '/');
      byte[] bytes;
      try (InputStream in = getResourceAsStream(internal + ".class")) {
        if (in == null) {
          throw new ClassNotFoundException(name);
        }
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
      byte[] transformed = instrumenter.transform(this, internal, null, null, bytes);
      if (transformed != null) {
        woven.incrementAndGet();
        bytes = transformed;
      }
      assertNotNull(bytes);
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
