package dev.metricsagent.ui;

/** A row of the page: one method of one endpoint ({@code GET /products/:id}). */
final class Route implements Comparable<Route> {
  final String method;
  final String endpoint;
  final String key;

  Route(String method, String endpoint) {
    this.method = method;
    this.endpoint = endpoint;
    this.key = method + " " + endpoint;
  }

  @Override
  public int compareTo(Route o) {
    int c = endpoint.compareTo(o.endpoint);
    return c != 0 ? c : method.compareTo(o.method);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Route && key.equals(((Route) o).key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    return key;
  }
}
