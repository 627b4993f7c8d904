package dev.metricsagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretSourceTest {
  private static SecretSource authSource(String args) throws AgentConfigException {
    return SecretSource.of(
        RawOptions.collect(args, new Properties(), Map.of()),
        Option.AUTH_USER,
        Option.AUTH_PASSWORD_ENV,
        Option.AUTH_PASSWORD_FILE,
        "the password");
  }

  @Test
  void aFilePasswordLosesItsLineEndOnly(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("pw");
    Files.write(f, " s3 cret \r\n".getBytes(StandardCharsets.UTF_8));
    SecretSource s = authSource("auth_user=u,auth_password_file=" + f);
    assertEquals(" s3 cret ", s.read(Map.of()));
    assertEquals("auth_password_file=" + f, s.describe());
  }

  @Test
  void anEnvironmentPasswordIsReadFromTheGivenEnvironment() throws Exception {
    SecretSource s = authSource("auth_user=u,auth_password_env=PW");
    assertEquals("auth_password_env=PW", s.describe());
    assertEquals("x", s.read(Map.of("PW", "x")));
    AgentConfigException e = assertThrows(AgentConfigException.class, () -> s.read(Map.of()));
    assertEquals(
        "option auth_password_env (from agent argument auth_password_env): environment variable"
            + " PW is not set or is empty",
        e.getMessage());
  }

  @Test
  void noOwnerAndNoSourceIsNoSecret() throws Exception {
    assertNull(authSource("port=1"));
  }
}
