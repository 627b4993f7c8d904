package dev.metricsagent.it;

/** Plain servlets on embedded Tomcat 10.1 ({@code jakarta.servlet}, test-apps/servlet-tomcat). */
class ServletTomcatIT extends ServletAppCases {
  @Override
  ChildJvm.Builder launch(ChildJvm.Builder b) {
    return b.jar(Artifacts.testAppJar("servlet-tomcat")).args("--port", "0");
  }
}
