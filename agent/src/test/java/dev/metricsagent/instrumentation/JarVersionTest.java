package dev.metricsagent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JarVersionTest {
  @Test
  void versionFromTheJarName() {
    assertEquals("6.7.0", JarVersion.fromLocation("file:/app/lib/javalin-6.7.0.jar"));
    assertEquals("2.9.4", JarVersion.fromLocation("file:/x/spark-core-2.9.4.jar"));
    assertEquals(
        "6.2.1",
        JarVersion.fromLocation("jar:nested:/app.jar/!BOOT-INF/lib/spring-webmvc-6.2.1.jar!/"));
    assertEquals("10.1.48", JarVersion.fromLocation("jar:file:/a.jar!/BOOT-INF/lib/tomcat-embed-core-10.1.48.jar!/"));
  }

  @Test
  void unknownWithoutAVersionedJar() {
    assertEquals(JarVersion.UNKNOWN, JarVersion.fromLocation("file:/app/classes/"));
    assertEquals(JarVersion.UNKNOWN, JarVersion.fromLocation("file:/app/demo-app.jar"));
    assertEquals(JarVersion.UNKNOWN, JarVersion.of(null, "spark.route.Routes"));
    assertEquals(System.getProperty("java.version"), JarVersion.of(null, "sun.net.httpserver.ServerImpl"));
  }
}
