package dev.metricsagent.instrumentation.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Request paths matched against an app's templates as JAX-RS orders them. */
class JerseyTemplatesTest {
  private final JerseyTemplates templates =
      JerseyTemplates.of(
          Arrays.asList(
              "/",
              "/about",
              "/items/{itemid}",
              "/items/{itemid}/tracks/{num}",
              "/items/new",
              "/codes/{code: [a-z]{3}}",
              "/codes/{any}",
              "/files/{path: .+}"));

  @Test
  void theMostSpecificTemplateWins() {
    assertEquals("/items/new", templates.match("/items/new")); // literal before a variable
    assertEquals("/items/{itemid}", templates.match("/items/1"));
    assertEquals("/items/{itemid}/tracks/{num}", templates.match("/items/1/tracks/2"));
    assertEquals("/codes/{code: [a-z]{3}}", templates.match("/codes/abc")); // its own regex first
    assertEquals("/codes/{any}", templates.match("/codes/abcd"));
    assertEquals("/files/{path: .+}", templates.match("/files/a/b/c.txt"));
  }

  @Test
  void aTrailingSlashIsIgnoredOnEitherSide() {
    assertEquals("/", templates.match("/"));
    assertEquals("/", templates.match(""));
    assertEquals("/about", templates.match("/about/"));
    JerseyTemplates slashed = JerseyTemplates.of(List.of("/items/{itemid}/"));
    assertEquals("/items/{itemid}/", slashed.match("/items/2"));
  }

  @Test
  void aPathNoTemplateMatchesIsNoRoute() {
    assertNull(templates.match("/nothing/here"));
    assertNull(templates.match("/items/1/tracks")); // one segment short
    assertNull(templates.match("/items/1/tracks/2/x"));
    assertNull(templates.match("/about.txt")); // literal text is not a pattern
    assertNull(JerseyTemplates.of(List.of()).match("/"));
  }

  @Test
  void ordersByLiteralCharactersThenVariablesThenOwnRegex() {
    assertEquals(
        List.of("/items/new", "/items/{a}/{b}", "/items/{a: \\d+}", "/items/{a}"),
        JerseyTemplates.of(List.of("/items/{a}", "/items/{a: \\d+}", "/items/new", "/items/{a}/{b}"))
            .templates());
  }

  @Test
  void rememberedPerServletContextAndServletName() throws Exception {
    Object context = new Object();
    JerseyServletApps.remember(context, "jersey", List.of("/items/{itemid}"));
    JerseyServletApps.remember(context, "jersey", List.of("/albums/{albumid}")); // redeployed
    assertEquals("/albums/{albumid}", JerseyServletApps.templates(context, "jersey").match("/albums/1"));
    assertNull(JerseyServletApps.templates(context, "other"));
    assertNull(JerseyServletApps.templates(new Object(), "jersey"));
  }
}
