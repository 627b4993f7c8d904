package spark.http.matching;

/** Stands in for a Spark build whose request entry point has another shape. */
public class MatcherFilter {
  public void handle(Object request, Object response) {}
}
