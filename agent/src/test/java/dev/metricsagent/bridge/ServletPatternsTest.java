package dev.metricsagent.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.eclipse.jetty.servlet.ServletMapping;
import org.junit.jupiter.api.Test;

/** A servlet's one pattern, read from Jetty's own mapping table (Jetty 9.4's classes). */
class ServletPatternsTest {
  private static ServletMapping mapping(String servlet, String... specs) {
    ServletMapping m = new ServletMapping();
    m.setServletName(servlet);
    m.setPathSpecs(specs);
    return m;
  }

  private final Object items = new Object();
  private final Object multi = new Object();

  @Test
  void aServletUnderOnePatternIsNamedByIt() {
    ServletMapping[] table = {
      mapping("items", "/items/*"), mapping("multi", "/a", "/b"), mapping("ext", "*.do")
    };
    assertEquals("/items/*", ServletPatterns.sole(table, items, "items"));
    assertEquals("/items/*", ServletPatterns.sole(table, items, "items")); // known: no new entry
    assertEquals("*.do", ServletPatterns.sole(table, new Object(), "ext"));
  }

  @Test
  void severalPatternsOrNoneOrAPrefixedOneLeaveItToTheLookup() {
    ServletMapping[] table = {
      mapping("multi", "/a", "/b"),
      mapping("split", "/c"),
      mapping("split", "/d"),
      mapping("regex", "regex|^/x.*"),
    };
    assertNull(ServletPatterns.sole(table, multi, "multi"));
    assertNull(ServletPatterns.sole(table, new Object(), "split")); // two mappings, one servlet
    assertNull(ServletPatterns.sole(table, new Object(), "regex"));
    assertNull(ServletPatterns.sole(table, new Object(), "unmapped"));
    assertNull(ServletPatterns.sole(table, null, "multi"));
    assertNull(ServletPatterns.sole(null, multi, "multi"));
  }

  @Test
  void aNewMappingTableIsReadAgain() {
    Object holder = new Object();
    ServletMapping[] before = {mapping("s", "/old")};
    ServletMapping[] after = {mapping("s", "/old"), mapping("s", "/new")};
    ServletMapping[] later = {mapping("s", "/newer")};
    assertEquals("/old", ServletPatterns.sole(before, holder, "s"));
    assertNull(ServletPatterns.sole(after, holder, "s"));
    assertEquals("/newer", ServletPatterns.sole(later, holder, "s"));
  }
}
