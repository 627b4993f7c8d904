package dev.metricsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class BridgeInjectorTest {
  private static final String P = "dev/metricsagent/bridge/";

  @Test
  void findsBridgeClassesInTheHiddenAndThePlainLayout() {
    assertEquals(
        "dev.metricsagent.bridge.Bridge",
        BridgeInjector.bridgeClassName("inst/dev/metricsagent/bridge/Bridge.classdata", P));
    assertEquals(
        "dev.metricsagent.bridge.Bridge$1",
        BridgeInjector.bridgeClassName("inst/dev/metricsagent/bridge/Bridge$1.classdata", P));
    assertEquals(
        "dev.metricsagent.bridge.Bridge",
        BridgeInjector.bridgeClassName("dev/metricsagent/bridge/Bridge.class", P));
  }

  @Test
  void ignoresEverythingElse() {
    assertNull(BridgeInjector.bridgeClassName("inst/dev/metricsagent/core/HttpMetrics.classdata", P));
    assertNull(BridgeInjector.bridgeClassName("inst/dev/metricsagent/bridge/", P));
    assertNull(BridgeInjector.bridgeClassName("inst/dev/metricsagent/bridge/sub/X.classdata", P));
    assertNull(BridgeInjector.bridgeClassName("dev/metricsagent/bridge/notes.txt", P));
    assertNull(BridgeInjector.bridgeClassName("inst/dev/metricsagent/AgentLauncher.classdata", P));
  }
}
