package dev.metricsagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class RawOptionsTest {
  @Test
  void theWinningSourceIsKeptWithItsOrigin() throws Exception {
    Properties sys = new Properties();
    sys.setProperty("metrics.agent.port", "9002");
    sys.setProperty("metrics.agent.host", "127.0.0.1");
    sys.setProperty("other.port", "1");
    Map<String, String> env = Map.of("METRICS_AGENT_PORT", "9001", "METRICS_AGENT_UI", " false ");
    RawOptions raw = RawOptions.collect("port=9003", sys, env);

    assertEquals("9003", raw.get(Option.PORT).value);
    assertEquals("agent argument port", raw.get(Option.PORT).origin);
    assertEquals("system property -Dmetrics.agent.host", raw.get(Option.HOST).origin);
    assertEquals("environment variable METRICS_AGENT_UI", raw.get(Option.UI).origin);
    assertEquals(" false ", raw.get(Option.UI).value); // as given: errors quote it unchanged
    assertEquals("false", raw.value(Option.UI));
    assertNull(raw.get(Option.BUCKETS));
    assertNull(raw.value(Option.BUCKETS));
  }

  @Test
  void valuesAreValidatedInTheOrderTheyWereFirstGiven() throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("METRICS_AGENT_SIZES", "true");
    env.put("METRICS_AGENT_PORT", "1");
    RawOptions raw = RawOptions.collect("port=2,host=h", new Properties(), env);
    List<Option> order = new ArrayList<>();
    raw.given().forEach(e -> order.add(e.getKey()));
    // a higher source replaces the value but not the position: one error order for one setup
    assertEquals(List.of(Option.SIZES, Option.PORT, Option.HOST), order);
    assertEquals("2", raw.get(Option.PORT).value);
  }

  @Test
  void argumentsSplitOnCommasOnly() throws Exception {
    Map<String, String> m = RawOptions.splitArgs(" a = 1 ,, b=x=y ,");
    assertEquals(Map.of("a", "1", "b", "x=y"), m);
    assertEquals(Map.of(), RawOptions.splitArgs(null));
    assertEquals(Map.of(), RawOptions.splitArgs("  "));
    AgentConfigException e =
        assertThrows(AgentConfigException.class, () -> RawOptions.splitArgs("port=1,=2"));
    assertEquals(
        "invalid agent argument '=2': expected key=value, keys: " + Option.keys(), e.getMessage());
  }

  @Test
  void unknownKeysAreRefusedWhateverTheirSource() {
    AgentConfigException e =
        assertThrows(
            AgentConfigException.class,
            () -> RawOptions.collect(null, new Properties(), Map.of("METRICS_AGENT_PROT", "1")));
    assertEquals(
        "unknown option 'prot' (from environment variable METRICS_AGENT_PROT): accepted options"
            + " are "
            + Option.keys(),
        e.getMessage());
  }
}
