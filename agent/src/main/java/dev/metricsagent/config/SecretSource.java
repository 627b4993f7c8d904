package dev.metricsagent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.Map;

/**
 * Where a password is: an environment variable or a file. Holds the name, not the secret, which is
 * read only where it is used, so that no config object or attach argument carries it.
 */
final class SecretSource {
  final String optionKey;
  final String name;
  final String origin;
  final boolean env;

  SecretSource(String optionKey, String name, String origin, boolean env) {
    this.optionKey = optionKey;
    this.name = name;
    this.origin = origin;
    this.env = env;
  }

  /**
   * The password source of {@code owner} ({@code tls_keystore} or {@code auth_user}): exactly one
   * of {@code env} and {@code file} when the owner is set, neither when it is not.
   *
   * @return null when neither the owner nor a source is given
   */
  static SecretSource of(RawOptions values, Option owner, Option env, Option file, String what)
      throws AgentConfigException {
    Source o = values.get(owner);
    Source e = values.get(env);
    Source f = values.get(file);
    if (e != null && f != null) {
      throw new AgentConfigException(
          "options "
              + env.key
              + " (from "
              + e.origin
              + ") and "
              + file.key
              + " (from "
              + f.origin
              + ") are both set: give "
              + what
              + " for "
              + owner.key
              + " from one of them only");
    }
    Source given = e != null ? e : f;
    Option givenOption = e != null ? env : file;
    if (o == null && given != null) {
      throw new AgentConfigException(
          "option "
              + givenOption.key
              + " (from "
              + given.origin
              + ") is set but "
              + owner.key
              + " is not: set "
              + owner.key
              + " too, or remove "
              + givenOption.key);
    }
    if (o != null && given == null) {
      throw new AgentConfigException(
          "option "
              + owner.key
              + " (from "
              + o.origin
              + ") needs "
              + what
              + ": set "
              + env.key
              + "=<name of an environment variable holding it> or "
              + file.key
              + "=<path of a file holding it> (never the password itself)");
    }
    return given == null
        ? null
        : new SecretSource(givenOption.key, given.value.trim(), given.origin, e != null);
  }

  /** The option that reproduces this source, e.g. {@code auth_password_env=X}. */
  String describe() {
    return optionKey + "=" + name;
  }

  /**
   * @throws AgentConfigException naming the option and the variable or file, never the secret
   */
  String read(Map<String, String> environment) throws AgentConfigException {
    String where = "option " + optionKey + " (from " + origin + "): ";
    if (env) {
      String v = environment.get(name);
      if (v == null || v.isEmpty()) {
        throw new AgentConfigException(
            where + "environment variable " + name + " is not set or is empty");
      }
      return v;
    }
    String v;
    try {
      v = new String(Files.readAllBytes(Paths.get(name)), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new AgentConfigException(
          where + "cannot read password file '" + name + "': no such file");
    } catch (IOException | RuntimeException e) {
      throw new AgentConfigException(where + "cannot read password file '" + name + "': " + e);
    }
    // A file written by echo or an editor ends with a newline; it is not part of the password.
    int end = v.length();
    while (end > 0 && (v.charAt(end - 1) == '\n' || v.charAt(end - 1) == '\r')) {
      end--;
    }
    if (end == 0) {
      throw new AgentConfigException(where + "password file '" + name + "' is empty");
    }
    return v.substring(0, end);
  }
}
