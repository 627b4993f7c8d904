package dev.metricsagent.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
  private static final Map<String, String> NO_ENV = Map.of();

  @Test
  void defaultsWhenNothingIsSet() throws Exception {
    AgentConfig c = AgentConfig.parse(null, new Properties(), NO_ENV);
    assertEquals(9464, c.port());
    assertEquals("0.0.0.0", c.host());
    assertArrayEquals(AgentConfig.DEFAULT_BUCKETS, c.buckets());
    assertEquals(1000, c.maxEndpoints());
  }

  @Test
  void argumentsBeatSystemPropertiesBeatEnvironment() throws Exception {
    Properties sys = new Properties();
    sys.setProperty("metrics.agent.port", "9002");
    sys.setProperty("metrics.agent.host", "127.0.0.1");
    Map<String, String> env =
        Map.of("METRICS_AGENT_PORT", "9001", "METRICS_AGENT_MAX_ENDPOINTS", "7", "PATH", "/bin");
    AgentConfig c = AgentConfig.parse("port=9003", sys, env);
    assertEquals(9003, c.port());
    assertEquals("127.0.0.1", c.host());
    assertEquals(7, c.maxEndpoints());

    assertEquals(9002, AgentConfig.parse("", sys, env).port());
    assertEquals(9001, AgentConfig.parse("", new Properties(), env).port());
  }

  @Test
  void bucketsAreParsedInOrder() throws Exception {
    AgentConfig c = AgentConfig.parse("buckets=0.1|0.5| 1 |2.5", new Properties(), NO_ENV);
    assertArrayEquals(new double[] {0.1, 0.5, 1, 2.5}, c.buckets());
  }

  @Test
  void argumentsRoundTrip() throws Exception {
    AgentConfig c =
        AgentConfig.parse("port=1234,host=127.0.0.1,buckets=0.1|1,max_endpoints=5", new Properties(), NO_ENV);
    AgentConfig again = AgentConfig.parse(c.toAgentArgs(), new Properties(), NO_ENV);
    assertEquals(c.toAgentArgs(), again.toAgentArgs());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "port=abc; invalid value 'abc' for option port (from agent argument port): expected an integer 1..65535",
        "port=0; invalid value '0' for option port (from agent argument port): expected an integer 1..65535",
        "port=70000; invalid value '70000' for option port (from agent argument port): expected an integer 1..65535",
        "buckets=1|0.5; invalid value '1|0.5' for option buckets (from agent argument buckets): expected strictly increasing positive numbers separated by '|', e.g. 0.01|0.1|1|10",
        "buckets=a|b; invalid value 'a|b' for option buckets (from agent argument buckets): expected strictly increasing positive numbers separated by '|', e.g. 0.01|0.1|1|10",
        "buckets=0.1||1; invalid value '0.1||1' for option buckets (from agent argument buckets): expected strictly increasing positive numbers separated by '|', e.g. 0.01|0.1|1|10",
        "buckets=-1|1; invalid value '-1|1' for option buckets (from agent argument buckets): expected strictly increasing positive numbers separated by '|', e.g. 0.01|0.1|1|10",
        "buckets=0.1|NaN; invalid value '0.1|NaN' for option buckets (from agent argument buckets): expected strictly increasing positive numbers separated by '|', e.g. 0.01|0.1|1|10",
        "max_endpoints=0; invalid value '0' for option max_endpoints (from agent argument max_endpoints): expected an integer 1..100000",
        "host=a b; invalid value 'a b' for option host (from agent argument host): expected a host name or IP address to bind, e.g. 127.0.0.1 or 0.0.0.0",
        "nosuch=1; unknown option 'nosuch' (from agent arguments): accepted options are [port, host, buckets, max_endpoints]",
        "port; invalid agent argument 'port': expected key=value, keys: [port, host, buckets, max_endpoints]",
      })
  void badArgumentsGiveOneClearLine(String args, String message) {
    AgentConfigException e =
        assertThrows(AgentConfigException.class, () -> AgentConfig.parse(args, new Properties(), NO_ENV));
    assertEquals(message, e.getMessage());
  }

  @Test
  void badSystemPropertyAndEnvironmentNameTheirSource() {
    Properties sys = new Properties();
    sys.setProperty("metrics.agent.port", "x");
    AgentConfigException e =
        assertThrows(AgentConfigException.class, () -> AgentConfig.parse(null, sys, NO_ENV));
    assertEquals(
        "invalid value 'x' for option port (from system property -Dmetrics.agent.port): expected an"
            + " integer 1..65535",
        e.getMessage());

    e =
        assertThrows(
            AgentConfigException.class,
            () -> AgentConfig.parse(null, new Properties(), Map.of("METRICS_AGENT_COLOR", "red")));
    assertEquals(
        "unknown option 'color' (from environment variable METRICS_AGENT_COLOR): accepted options"
            + " are [port, host, buckets, max_endpoints]",
        e.getMessage());
  }
}
