import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Prints the slowest test classes of the last build, read from the surefire and failsafe XML
 * reports of every module under the given root (default: the current directory).
 *
 * <pre>
 * java .ci/SlowestTests.java [root] [count]
 * </pre>
 *
 * A class run by a second failsafe execution (the JDK 25 pass writes failsafe-reports-jdk25) is
 * listed with that suffix. Also prints the sum over all classes: on a shared machine the wall
 * time of a run says little, the sum lets runs be compared.
 */
public class SlowestTests {
  private static final Pattern SUITE = Pattern.compile("<testsuite\\b([^>]*)>");

  record Timed(String name, double seconds, int tests, boolean failed) {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    List<Timed> all = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root, 4)) {
      for (Path f : files.filter(SlowestTests::isReport).toList()) {
        Timed t = read(f);
        if (t != null) {
          all.add(t);
        }
      }
    }
    if (all.isEmpty()) {
      System.out.println("slowest tests: no surefire or failsafe reports under " + root);
      return;
    }
    all.sort(Comparator.comparingDouble(Timed::seconds).reversed());
    double sum = all.stream().mapToDouble(Timed::seconds).sum();
    System.out.printf(
        "slowest %d of %d test classes (sum of all classes %.0f s):%n",
        Math.min(count, all.size()), all.size(), sum);
    for (Timed t : all.subList(0, Math.min(count, all.size()))) {
      System.out.printf(
          "  %7.1f s  %-50s %3d tests%s%n",
          t.seconds(), t.name(), t.tests(), t.failed() ? "  FAILED" : "");
    }
  }

  /** {@code <module>/target/(surefire|failsafe)-reports[-suffix]/TEST-*.xml} */
  private static boolean isReport(Path f) {
    String name = f.getFileName().toString();
    Path dir = f.getParent();
    return name.startsWith("TEST-")
        && name.endsWith(".xml")
        && dir != null
        && dir.getFileName().toString().matches("(surefire|failsafe)-reports.*")
        && dir.getParent() != null
        && dir.getParent().getFileName().toString().equals("target");
  }

  private static Timed read(Path f) throws IOException {
    // the suite's attributes are in the first few hundred bytes; system-out can be large
    byte[] head;
    try (var in = Files.newInputStream(f)) {
      head = in.readNBytes(4096);
    }
    Matcher m = SUITE.matcher(new String(head, java.nio.charset.StandardCharsets.UTF_8));
    if (!m.find()) {
      return null;
    }
    String attrs = m.group(1);
    String name = attr(attrs, "name");
    String time = attr(attrs, "time");
    if (name == null || time == null) {
      return null;
    }
    String dir = f.getParent().getFileName().toString();
    int dash = dir.indexOf("-reports-");
    String suffix = dash < 0 ? "" : " [" + dir.substring(dash + "-reports-".length()) + "]";
    String simple = name.substring(name.lastIndexOf('.') + 1);
    boolean failed = nonZero(attr(attrs, "failures")) || nonZero(attr(attrs, "errors"));
    String tests = attr(attrs, "tests");
    return new Timed(
        simple + suffix,
        Double.parseDouble(time.replace(",", "")),
        tests == null ? 0 : Integer.parseInt(tests),
        failed);
  }

  private static boolean nonZero(String count) {
    return count != null && !count.equals("0");
  }

  private static String attr(String attrs, String name) {
    Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(attrs);
    return m.find() ? m.group(1) : null;
  }
}
