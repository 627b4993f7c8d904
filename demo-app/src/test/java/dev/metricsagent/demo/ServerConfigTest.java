package dev.metricsagent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Port/host resolution from arguments and environment, without starting anything. */
class ServerConfigTest {

    private static ServerConfig parse(Map<String, String> env, String... args) throws Exception {
        return ServerConfig.parse(args, env);
    }

    private static String error(Map<String, String> env, String... args) {
        return assertThrows(ServerConfig.InvalidConfigException.class, () -> ServerConfig.parse(args, env)).getMessage();
    }

    @Test
    void defaults() throws Exception {
        ServerConfig config = parse(Map.of());
        assertEquals(8000, config.port());
        assertEquals("0.0.0.0", config.host());
        assertFalse(config.helpRequested());
    }

    @Test
    void portFromArgumentOrEnvironment() throws Exception {
        assertEquals(9001, parse(Map.of(), "--port", "9001").port());
        assertEquals(9002, parse(Map.of(), "--port=9002").port());
        assertEquals(9003, parse(Map.of("PORT", "9003")).port());
        assertEquals(0, parse(Map.of(), "--port", "0").port());
        assertEquals(65535, parse(Map.of(), "--port", "65535").port());
    }

    @Test
    void argumentWinsOverEnvironmentEvenIfEnvironmentIsInvalid() throws Exception {
        assertEquals(9001, parse(Map.of("PORT", "9003"), "--port", "9001").port());
        assertEquals(9001, parse(Map.of("PORT", "junk"), "--port", "9001").port());
        assertEquals("10.0.0.1", parse(Map.of("HOST", "127.0.0.1"), "--host", "10.0.0.1").host());
    }

    @Test
    void blankEnvironmentCountsAsUnset() throws Exception {
        assertEquals(8000, parse(Map.of("PORT", "", "HOST", " ")).port());
        assertEquals("0.0.0.0", parse(Map.of("HOST", "")).host());
    }

    @Test
    void hostFromArgumentOrEnvironment() throws Exception {
        assertEquals("127.0.0.1", parse(Map.of(), "--host", "127.0.0.1").host());
        assertEquals("::1", parse(Map.of(), "--host=::1").host());
        assertEquals("localhost", parse(Map.of("HOST", "localhost")).host());
    }

    @Test
    void invalidPortMessageIsExactAndNamesTheSource() {
        assertEquals("invalid port 'abc' (from --port): expected an integer 0..65535", error(Map.of(), "--port", "abc"));
        assertEquals("invalid port '70000' (from PORT): expected an integer 0..65535", error(Map.of("PORT", "70000")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "65536", "99999999999", "", " 80", "80 ", "+80", "8o", "1.0", "0x50",
            "\u0668\u0660" /* Arabic-Indic "80": Integer.parseInt would accept it */})
    void rejectsBadPorts(String value) {
        String message = error(Map.of(), "--port", value);
        assertTrue(message.startsWith("invalid port '"), message);
        assertTrue(message.endsWith("(from --port): expected an integer 0..65535"), message);
    }

    @Test
    void messageStaysOnOneLine() {
        String message = error(Map.of(), "--port", "8\n0");
        assertFalse(message.contains("\n"), message);
        assertTrue(message.contains("'8\\u000a0'"), message);
    }

    @Test
    void missingValueAndUnknownArgument() {
        assertTrue(error(Map.of(), "--port").startsWith("missing value after --port"));
        assertTrue(error(Map.of(), "--host").startsWith("missing value after --host"));
        assertTrue(error(Map.of(), "--verbose").startsWith("unknown argument '--verbose'"));
        assertTrue(error(Map.of(), "8080").startsWith("unknown argument '8080'"));
    }

    @Test
    void rejectsBlankHostArgument() {
        assertTrue(error(Map.of(), "--host", "").startsWith("invalid host ''"));
        assertTrue(error(Map.of(), "--host", "http://x").startsWith("invalid host"));
    }

    @Test
    void help() throws Exception {
        assertTrue(parse(Map.of(), "--help").helpRequested());
        assertTrue(parse(Map.of(), "-h").helpRequested());
    }
}
