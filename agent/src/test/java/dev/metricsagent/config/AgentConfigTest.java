package dev.metricsagent.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metricsagent.core.NativeHistogramOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
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
    assertEquals(Set.of(), c.exclude());
    assertFalse(c.statusGroups());
    assertNull(c.tlsKeystore());
    assertNull(c.authUser());
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
  void hostsAndVariableNamesThatAreAccepted() throws Exception {
    for (String host : new String[] {"localhost", "my-host.example.com", "10.0.0.1", "::1", "[::1]",
        "fe80::1%eth0", "0.0.0.0"}) {
      assertEquals(host, AgentConfig.parse("host=" + host, new Properties(), NO_ENV).host());
    }
    AgentConfig.parse("auth_user=prom,auth_password_env=_METRICS_PW2", new Properties(),
        java.util.Map.of("_METRICS_PW2", "s3cret"));
  }

  @Test
  void bucketsAreParsedInOrder() throws Exception {
    AgentConfig c = AgentConfig.parse("buckets=0.1|0.5| 1 |2.5", new Properties(), NO_ENV);
    assertArrayEquals(new double[] {0.1, 0.5, 1, 2.5}, c.buckets());
  }

  @Test
  void namingOptionsRoundTripAndSelectTheProfile() throws Exception {
    AgentConfig d = AgentConfig.parse("", new Properties(), NO_ENV);
    assertEquals("prometheus", d.naming());
    assertTrue(d.startTimestamps());
    assertEquals("endpoint", d.endpointLabel());
    assertArrayEquals(AgentConfig.DEFAULT_BUCKETS, d.buckets());

    AgentConfig otel =
        AgentConfig.parse("naming=OTEL,service_name=shop,start_timestamps=false", new Properties(), NO_ENV);
    assertEquals("otel", otel.namingProfile().name());
    assertFalse(otel.startTimestamps());
    assertArrayEquals( // the convention's advisory buckets unless buckets is given
        new double[] {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10},
        otel.buckets());
    assertEquals(otel.toAgentArgs(), AgentConfig.parse(otel.toAgentArgs(), new Properties(), NO_ENV).toAgentArgs());
    assertTrue(otel.toAgentArgs().contains(",naming=otel,service_name=shop,start_timestamps=false"), otel.toAgentArgs());

    AgentConfig route = AgentConfig.parse("label_endpoint=route,buckets=1|2", new Properties(), NO_ENV);
    assertEquals("route", route.endpointLabel());
    assertArrayEquals(new double[] {1, 2}, route.buckets());
    assertEquals(route.toAgentArgs(), AgentConfig.parse(route.toAgentArgs(), new Properties(), NO_ENV).toAgentArgs());

    Properties p = new Properties();
    p.setProperty("metrics.agent.naming", "micrometer");
    assertEquals("micrometer", AgentConfig.parse("", p, NO_ENV).namingProfile().name());
    assertEquals("otel", AgentConfig.parse("", new Properties(), java.util.Map.of("METRICS_AGENT_NAMING", "otel")).naming());
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
        "nosuch=1; unknown option 'nosuch' (from agent arguments): accepted options are [port, host, buckets, max_endpoints, exclude, status_groups, exemplars, sizes, tls_keystore, tls_keystore_password_env, tls_keystore_password_file, auth_user, auth_password_env, auth_password_file, native_histograms, native_initial_schema, native_max_buckets, native_min_zero_threshold, native_max_zero_threshold, exporter_max_requests, exporter_read_timeout, exporter_request_timeout, ui, naming, service_name, start_timestamps, label_endpoint]",
        "status_groups=yes; invalid value 'yes' for option status_groups (from agent argument status_groups): expected true or false",
        "status_groups=; invalid value '' for option status_groups (from agent argument status_groups): expected true or false",
        "ui=off; invalid value 'off' for option ui (from agent argument ui): expected true or false",
        "exclude=/a||/b; invalid value '/a||/b' for option exclude (from agent argument exclude): expected route templates separated by '|', e.g. /health|/metrics",
        "exclude=; invalid value '' for option exclude (from agent argument exclude): expected route templates separated by '|', e.g. /health|/metrics",
        "exclude=/a|/b c; invalid value '/a|/b c' for option exclude (from agent argument exclude): expected route templates separated by '|', e.g. /health|/metrics",
        "tls_keystore=; invalid value '' for option tls_keystore (from agent argument tls_keystore): expected the path of a PKCS12 keystore file",
        "tls_keystore=/k.p12; option tls_keystore (from agent argument tls_keystore) needs the keystore password: set tls_keystore_password_env=<name of an environment variable holding it> or tls_keystore_password_file=<path of a file holding it> (never the password itself)",
        "tls_keystore_password_env=PW; option tls_keystore_password_env (from agent argument tls_keystore_password_env) is set but tls_keystore is not: set tls_keystore too, or remove tls_keystore_password_env",
        "tls_keystore_password_file=/pw; option tls_keystore_password_file (from agent argument tls_keystore_password_file) is set but tls_keystore is not: set tls_keystore too, or remove tls_keystore_password_file",
        "tls_keystore=/k.p12,tls_keystore_password_env=PW,tls_keystore_password_file=/pw; options tls_keystore_password_env (from agent argument tls_keystore_password_env) and tls_keystore_password_file (from agent argument tls_keystore_password_file) are both set: give the keystore password for tls_keystore from one of them only",
        "tls_keystore=/k.p12,tls_keystore_password_env=1PW; invalid value '1PW' for option tls_keystore_password_env (from agent argument tls_keystore_password_env): expected the name of an environment variable (letters, digits, '_'), e.g. METRICS_PASSWORD",
        "tls_keystore=/k.p12,tls_keystore_password_file=; invalid value '' for option tls_keystore_password_file (from agent argument tls_keystore_password_file): expected the path of a file holding the password",
        "auth_user=prom; option auth_user (from agent argument auth_user) needs the password: set auth_password_env=<name of an environment variable holding it> or auth_password_file=<path of a file holding it> (never the password itself)",
        "auth_password_env=PW; option auth_password_env (from agent argument auth_password_env) is set but auth_user is not: set auth_user too, or remove auth_password_env",
        "auth_password_file=/pw; option auth_password_file (from agent argument auth_password_file) is set but auth_user is not: set auth_user too, or remove auth_password_file",
        "auth_user=prom,auth_password_env=PW,auth_password_file=/pw; options auth_password_env (from agent argument auth_password_env) and auth_password_file (from agent argument auth_password_file) are both set: give the password for auth_user from one of them only",
        "auth_user=a:b,auth_password_env=PW; invalid value 'a:b' for option auth_user (from agent argument auth_user): expected a user name without spaces or ':'",
        "auth_user=,auth_password_env=PW; invalid value '' for option auth_user (from agent argument auth_user): expected a user name without spaces or ':'",
        "auth_user=prom,auth_password_env=A-B; invalid value 'A-B' for option auth_password_env (from agent argument auth_password_env): expected the name of an environment variable (letters, digits, '_'), e.g. METRICS_PASSWORD",
        "auth_user=prom,auth_password=s3cret; unknown option 'auth_password' (from agent arguments): passwords are never given as options: use auth_password_env=<VARIABLE> or auth_password_file=<path>",
        "tls_keystore=/k.p12,tls_keystore_password=s3cret; unknown option 'tls_keystore_password' (from agent arguments): passwords are never given as options: use tls_keystore_password_env=<VARIABLE> or tls_keystore_password_file=<path>",
        "native_histograms=no; invalid value 'no' for option native_histograms (from agent argument native_histograms): expected true or false",
        "native_initial_schema=9; invalid value '9' for option native_initial_schema (from agent argument native_initial_schema): expected an integer -4..8",
        "native_max_buckets=0; invalid value '0' for option native_max_buckets (from agent argument native_max_buckets): expected an integer 1..10000",
        "native_max_buckets=lots; invalid value 'lots' for option native_max_buckets (from agent argument native_max_buckets): expected an integer 1..10000",
        "native_min_zero_threshold=-1; invalid value '-1' for option native_min_zero_threshold (from agent argument native_min_zero_threshold): expected a number >= 0 in the histogram's unit (seconds, bytes), e.g. 0.0001",
        "native_max_zero_threshold=Infinity; invalid value 'Infinity' for option native_max_zero_threshold (from agent argument native_max_zero_threshold): expected a number >= 0 in the histogram's unit (seconds, bytes), e.g. 0.0001",
        "native_min_zero_threshold=0.01,native_max_zero_threshold=0.001; option native_min_zero_threshold=0.01 (from agent argument native_min_zero_threshold) is above native_max_zero_threshold=0.001 (from agent argument native_max_zero_threshold)",
        "naming=datadog; invalid value 'datadog' for option naming (from agent argument naming): expected one of prometheus, otel, micrometer",
        "start_timestamps=0; invalid value '0' for option start_timestamps (from agent argument start_timestamps): expected true or false",
        "label_endpoint=1route; invalid value '1route' for option label_endpoint (from agent argument label_endpoint): expected a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __) other than method, status_code, le, e.g. label_endpoint=route",
        "label_endpoint=__route; invalid value '__route' for option label_endpoint (from agent argument label_endpoint): expected a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __) other than method, status_code, le, e.g. label_endpoint=route",
        "label_endpoint=route-x; invalid value 'route-x' for option label_endpoint (from agent argument label_endpoint): expected a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __) other than method, status_code, le, e.g. label_endpoint=route",
        "label_endpoint=method; invalid value 'method' for option label_endpoint (from agent argument label_endpoint): expected a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __) other than method, status_code, le, e.g. label_endpoint=route",
        "label_endpoint=; invalid value '' for option label_endpoint (from agent argument label_endpoint): expected a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __) other than method, status_code, le, e.g. label_endpoint=route",
        "naming=otel,label_endpoint=route; option label_endpoint (from agent argument label_endpoint) applies to naming=prometheus only, and naming is otel (from agent argument naming)",
        "naming=micrometer,status_groups=true; option status_groups (from agent argument status_groups) applies to naming=prometheus only, and naming is micrometer (from agent argument naming)",
        "service_name=shop; option service_name (from agent argument service_name) applies to naming=otel only, and naming is prometheus (the default)",
        "naming=otel,service_name=a b; invalid value 'a b' for option service_name (from agent argument service_name): expected a name without spaces, ',' or '=', e.g. service_name=checkout",
        "port; invalid agent argument 'port': expected key=value, keys: [port, host, buckets, max_endpoints, exclude, status_groups, exemplars, sizes, tls_keystore, tls_keystore_password_env, tls_keystore_password_file, auth_user, auth_password_env, auth_password_file, native_histograms, native_initial_schema, native_max_buckets, native_min_zero_threshold, native_max_zero_threshold, exporter_max_requests, exporter_read_timeout, exporter_request_timeout, ui, naming, service_name, start_timestamps, label_endpoint]",
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
            + " are [port, host, buckets, max_endpoints, exclude, status_groups, exemplars, sizes, tls_keystore, tls_keystore_password_env, tls_keystore_password_file, auth_user, auth_password_env, auth_password_file, native_histograms, native_initial_schema, native_max_buckets, native_min_zero_threshold, native_max_zero_threshold, exporter_max_requests, exporter_read_timeout, exporter_request_timeout, ui, naming, service_name, start_timestamps, label_endpoint]",
        e.getMessage());
  }

  @Test
  void labelOptions() throws Exception {
    AgentConfig c =
        AgentConfig.parse("exclude=/health| /metrics/ |unmatched,status_groups=TRUE", new Properties(), NO_ENV);
    assertEquals(List.of("/health", "/metrics", "unmatched"), List.copyOf(c.exclude()));
    assertTrue(c.statusGroups());
    assertFalse(AgentConfig.parse("status_groups=false", new Properties(), NO_ENV).statusGroups());
    // from the environment, like every option
    AgentConfig e =
        AgentConfig.parse(
            null,
            new Properties(),
            Map.of("METRICS_AGENT_EXCLUDE", "/health", "METRICS_AGENT_STATUS_GROUPS", "true"));
    assertEquals(Set.of("/health"), e.exclude());
    assertTrue(e.statusGroups());
  }

  @Test
  void excludeWithCommasSaysToUseBars() {
    Properties sys = new Properties();
    sys.setProperty("metrics.agent.exclude", "/health,/metrics");
    AgentConfigException fromProperty =
        assertThrows(AgentConfigException.class, () -> AgentConfig.parse(null, sys, NO_ENV));
    assertEquals(
        "invalid value '/health,/metrics' for option exclude (from system property"
            + " -Dmetrics.agent.exclude): expected route templates separated by '|', e.g."
            + " /health|/metrics",
        fromProperty.getMessage());
    AgentConfigException fromArgs =
        assertThrows(
            AgentConfigException.class,
            () -> AgentConfig.parse("exclude=/health,/metrics", new Properties(), NO_ENV));
    assertTrue(
        fromArgs.getMessage().endsWith(
            "(separate exclude templates with '|', e.g. exclude=/health|/metrics)"),
        fromArgs.getMessage());
  }

  @Test
  void featureSwitches() throws Exception {
    AgentConfig d = AgentConfig.defaults();
    assertTrue(d.exemplars(), "exemplars are on unless switched off");
    assertFalse(d.sizes(), "sizes are off unless switched on");
    AgentConfig c = AgentConfig.parse("exemplars=false,sizes=true", new Properties(), NO_ENV);
    assertFalse(c.exemplars());
    assertTrue(c.sizes());
    assertEquals(c.toAgentArgs(), AgentConfig.parse(c.toAgentArgs(), new Properties(), NO_ENV).toAgentArgs());
    AgentConfigException e =
        assertThrows(
            AgentConfigException.class,
            () -> AgentConfig.parse("sizes=on", new Properties(), NO_ENV));
    assertEquals(
        "invalid value 'on' for option sizes (from agent argument sizes): expected true or false",
        e.getMessage());
  }

  @Test
  void securityOptionsFromAnySourceAndTheirSecrets(@TempDir Path dir) throws Exception {
    Path pwFile = dir.resolve("pw");
    Files.write(pwFile, "s3cret pass\r\n".getBytes(StandardCharsets.UTF_8));
    Properties sys = new Properties();
    sys.setProperty("metrics.agent.auth_user", "prometheus");
    sys.setProperty("metrics.agent.auth_password_file", pwFile.toString());
    Map<String, String> env =
        Map.of(
            "METRICS_AGENT_TLS_KEYSTORE", "/etc/agent/k.p12",
            "METRICS_AGENT_TLS_KEYSTORE_PASSWORD_ENV", "KS_PW",
            "KS_PW", "ks-secret");
    AgentConfig c = AgentConfig.parse(null, sys, env);
    assertEquals("/etc/agent/k.p12", c.tlsKeystore());
    assertEquals("prometheus", c.authUser());
    assertEquals("ks-secret", new String(c.readTlsKeystorePassword(env)));
    assertEquals("s3cret pass", c.readAuthPassword(env)); // the file's line end is not part of it
    assertEquals("tls_keystore_password_env=KS_PW", c.tlsKeystorePasswordSource());
  }

  @Test
  void argumentsRoundTripWithoutSecrets() throws Exception {
    String args =
        "port=1234,host=127.0.0.1,buckets=0.1|1,max_endpoints=5,exclude=/health|/metrics,"
            + "status_groups=true,tls_keystore=/k.p12,tls_keystore_password_file=/run/ks-pw,"
            + "auth_user=prom,auth_password_env=PROM_PW";
    Map<String, String> env = Map.of("PROM_PW", "very-secret");
    AgentConfig c = AgentConfig.parse(args, new Properties(), env);
    String again = c.toAgentArgs();
    assertFalse(again.contains("very-secret"), again);
    assertTrue(again.contains("auth_password_env=PROM_PW"), again);
    AgentConfig c2 = AgentConfig.parse(again, new Properties(), env);
    assertEquals(again, c2.toAgentArgs());
    assertEquals(Set.of("/health", "/metrics"), c2.exclude());
    assertTrue(c2.statusGroups());
    assertEquals("/k.p12", c2.tlsKeystore());
    assertEquals("prom", c2.authUser());
    assertEquals("very-secret", c2.readAuthPassword(env));
  }

  @Test
  void missingSecretsNameTheVariableOrFileNeverASecret(@TempDir Path dir) throws Exception {
    AgentConfig c =
        AgentConfig.parse("auth_user=prom,auth_password_env=PROM_PW", new Properties(), NO_ENV);
    AgentConfigException e =
        assertThrows(AgentConfigException.class, () -> c.readAuthPassword(Map.of()));
    assertEquals(
        "option auth_password_env (from agent argument auth_password_env): environment variable"
            + " PROM_PW is not set or is empty",
        e.getMessage());
    e = assertThrows(AgentConfigException.class, () -> c.readAuthPassword(Map.of("PROM_PW", "")));
    assertEquals(
        "option auth_password_env (from agent argument auth_password_env): environment variable"
            + " PROM_PW is not set or is empty",
        e.getMessage());

    Path missing = dir.resolve("missing");
    AgentConfig f =
        AgentConfig.parse(
            "tls_keystore=/k.p12,tls_keystore_password_file=" + missing, new Properties(), NO_ENV);
    e = assertThrows(AgentConfigException.class, () -> f.readTlsKeystorePassword(NO_ENV));
    assertEquals(
        "option tls_keystore_password_file (from agent argument tls_keystore_password_file):"
            + " cannot read password file '" + missing + "': no such file",
        e.getMessage());

    Path empty = dir.resolve("empty");
    Files.write(empty, "\n".getBytes(StandardCharsets.UTF_8));
    AgentConfig g =
        AgentConfig.parse("auth_user=prom,auth_password_file=" + empty, new Properties(), NO_ENV);
    e = assertThrows(AgentConfigException.class, () -> g.readAuthPassword(NO_ENV));
    assertEquals(
        "option auth_password_file (from agent argument auth_password_file): password file '"
            + empty + "' is empty",
        e.getMessage());
  }

  @Test
  void aPasswordGivenAsAnOptionIsNeverEchoed() {
    for (String key : new String[] {"auth_password", "tls_keystore_password"}) {
      AgentConfigException e =
          assertThrows(
              AgentConfigException.class,
              () -> AgentConfig.parse(null, new Properties(), Map.of("METRICS_AGENT_" + key.toUpperCase(), "hunter2")));
      assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
      assertTrue(e.getMessage().contains(key + "_env="), e.getMessage());
    }
  }

  @Test
  void nativeHistogramOptionsAreTheClientsWithTheirDefaults() throws Exception {
    NativeHistogramOptions d = AgentConfig.parse(null, new Properties(), NO_ENV).nativeHistograms();
    assertEquals(NativeHistogramOptions.DEFAULTS, d);
    assertTrue(d.enabled());
    assertEquals(5, d.initialSchema());
    assertEquals(160, d.maxBuckets());
    assertEquals(Math.pow(2, -128), d.minZeroThreshold());
    assertEquals(Math.pow(2, -128), d.maxZeroThreshold());

    Properties sys = new Properties();
    sys.setProperty("metrics.agent.native_max_buckets", "80");
    AgentConfig c =
        AgentConfig.parse(
            "native_initial_schema=3,native_min_zero_threshold=0.0001", sys,
            Map.of("METRICS_AGENT_NATIVE_MAX_ZERO_THRESHOLD", "0.001"));
    NativeHistogramOptions n = c.nativeHistograms();
    assertEquals(3, n.initialSchema());
    assertEquals(80, n.maxBuckets());
    assertEquals(0.0001, n.minZeroThreshold());
    assertEquals(0.001, n.maxZeroThreshold());
    assertEquals(n, AgentConfig.parse(c.toAgentArgs(), new Properties(), NO_ENV).nativeHistograms());

    // as the client: a minimum alone above the default maximum raises the maximum with it
    NativeHistogramOptions minOnly =
        AgentConfig.parse("native_min_zero_threshold=0.002", new Properties(), NO_ENV).nativeHistograms();
    assertEquals(0.002, minOnly.minZeroThreshold());
    assertEquals(0.002, minOnly.maxZeroThreshold());

    AgentConfig off = AgentConfig.parse("native_histograms=false", new Properties(), NO_ENV);
    assertFalse(off.nativeHistograms().enabled());
    assertTrue(off.toAgentArgs().contains(",native_histograms=false"), off.toAgentArgs());
    assertFalse(
        AgentConfig.parse(off.toAgentArgs(), new Properties(), NO_ENV).nativeHistograms().enabled());
    assertFalse(AgentConfig.defaults().toAgentArgs().contains("native"));
  }

  // The exporter's limits against slow and hostile clients
  @Test
  void exporterLimits() throws Exception {
    AgentConfig d = AgentConfig.defaults();
    assertEquals(256, d.exporterMaxRequests());
    assertEquals(5, d.exporterReadTimeout());
    assertEquals(10, d.exporterRequestTimeout());
    Properties sys = new Properties();
    sys.setProperty("metrics.agent.exporter_read_timeout", "3");
    AgentConfig c =
        AgentConfig.parse(
            "exporter_max_requests=64,exporter_request_timeout=30",
            sys,
            Map.of("METRICS_AGENT_EXPORTER_MAX_REQUESTS", "99"));
    assertEquals(64, c.exporterMaxRequests());
    assertEquals(3, c.exporterReadTimeout());
    assertEquals(30, c.exporterRequestTimeout());
    assertEquals(c.toAgentArgs(), AgentConfig.parse(c.toAgentArgs(), new Properties(), NO_ENV).toAgentArgs());
    assertFalse(d.toAgentArgs().contains("exporter_"), "defaults are left out: " + d.toAgentArgs());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "exporter_max_requests=0; invalid value '0' for option exporter_max_requests (from agent"
            + " argument exporter_max_requests): expected an integer 8..4096",
        "exporter_max_requests=lots; invalid value 'lots' for option exporter_max_requests (from"
            + " agent argument exporter_max_requests): expected an integer 8..4096",
        "exporter_read_timeout=5s; invalid value '5s' for option exporter_read_timeout (from agent"
            + " argument exporter_read_timeout): expected a whole number of seconds 1..3600, e.g."
            + " exporter_read_timeout=10",
        "exporter_request_timeout=0; invalid value '0' for option exporter_request_timeout (from"
            + " agent argument exporter_request_timeout): expected a whole number of seconds"
            + " 1..3600, e.g. exporter_request_timeout=10",
        "exporter_read_timeout=20; invalid option exporter_read_timeout=20 with"
            + " exporter_request_timeout=10: the time to receive a request (seconds) cannot exceed"
            + " the time for the whole request"
      })
  void badExporterLimitsGiveOneClearLine(String args, String message) {
    AgentConfigException e =
        assertThrows(
            AgentConfigException.class, () -> AgentConfig.parse(args, new Properties(), NO_ENV));
    assertEquals(message, e.getMessage());
  }
}
