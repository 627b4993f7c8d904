package dev.metricsagent.config;

import java.util.Arrays;

/** The options and their keys, the same in every source. */
enum Option {
  PORT("port"),
  HOST("host"),
  BUCKETS("buckets"),
  MAX_ENDPOINTS("max_endpoints"),
  EXCLUDE("exclude"),
  STATUS_GROUPS("status_groups"),
  EXEMPLARS("exemplars"),
  SIZES("sizes"),
  TLS_KEYSTORE("tls_keystore"),
  TLS_KEYSTORE_PASSWORD_ENV("tls_keystore_password_env"),
  TLS_KEYSTORE_PASSWORD_FILE("tls_keystore_password_file"),
  AUTH_USER("auth_user"),
  AUTH_PASSWORD_ENV("auth_password_env"),
  AUTH_PASSWORD_FILE("auth_password_file"),
  NATIVE_HISTOGRAMS("native_histograms"),
  NATIVE_INITIAL_SCHEMA("native_initial_schema"),
  NATIVE_MAX_BUCKETS("native_max_buckets"),
  NATIVE_MIN_ZERO_THRESHOLD("native_min_zero_threshold"),
  NATIVE_MAX_ZERO_THRESHOLD("native_max_zero_threshold"),
  EXPORTER_MAX_REQUESTS("exporter_max_requests"),
  EXPORTER_READ_TIMEOUT("exporter_read_timeout"),
  EXPORTER_REQUEST_TIMEOUT("exporter_request_timeout"),
  UI("ui"),
  NAMING("naming"),
  SERVICE_NAME("service_name"),
  START_TIMESTAMPS("start_timestamps"),
  LABEL_ENDPOINT("label_endpoint");

  final String key;

  Option(String key) {
    this.key = key;
  }

  /**
   * The option named {@code key}.
   *
   * @param origin where the key was given, for the error message
   */
  static Option byKey(String key, String origin) throws AgentConfigException {
    for (Option o : values()) {
      if (o.key.equals(key)) {
        return o;
      }
    }
    if (key.endsWith("password")) {
      // auth_password=..., tls_keystore_password=...: never echo the value, point to the way
      throw new AgentConfigException(
          "unknown option '"
              + key
              + "' (from "
              + origin
              + "): passwords are never given as"
              + " options: use "
              + key
              + "_env=<VARIABLE> or "
              + key
              + "_file=<path>");
    }
    throw new AgentConfigException(
        "unknown option '" + key + "' (from " + origin + "): accepted options are " + keys());
  }

  /** All keys, e.g. {@code [port, host, ...]}, for error messages. */
  static String keys() {
    String[] k = new String[values().length];
    for (int i = 0; i < k.length; i++) {
      k[i] = values()[i].key;
    }
    return Arrays.toString(k);
  }
}
