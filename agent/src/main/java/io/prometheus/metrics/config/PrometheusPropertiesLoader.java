package io.prometheus.metrics.config;

import java.util.Map;

/**
 * The agent's replacement for the Prometheus client's loader of the same name; the shade plugin
 * drops the library's copy (see agent/pom.xml). The library's static {@code
 * PrometheusProperties.get()} instance reads the host's {@code prometheus.properties}, {@code
 * IO_PROMETHEUS_*} variables and system properties, and throws on keys it does not know, which
 * after relocation are all of them. The agent passes its own properties to every builder, so the
 * library's defaults are all this class has to give.
 */
public class PrometheusPropertiesLoader {

  public static PrometheusProperties load() {
    return PrometheusProperties.builder().build();
  }

  public static PrometheusProperties load(Map<Object, Object> ignored) {
    return load();
  }
}
