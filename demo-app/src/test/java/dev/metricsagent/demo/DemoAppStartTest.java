package dev.metricsagent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Starting and stopping the server in-process, including a failed start. */
class DemoAppStartTest {

    @Test
    void portZeroPicksAFreePortAndStopReleasesIt() {
        int port = DemoApp.start(0, "127.0.0.1");
        try {
            assertNotEquals(0, port);
            assertEquals(200, new Http(port).get("/health").status());
        } finally {
            DemoApp.stop();
        }
        // Restartable in the same JVM, as the per-class test servers rely on.
        int again = DemoApp.start(0, "127.0.0.1");
        try {
            assertEquals(200, new Http(again).get("/health").status());
        } finally {
            DemoApp.stop();
        }
    }

    @Test
    void busyPortThrowsInsteadOfExitingTheJvm() throws Exception {
        // Spark's default reaction would be System.exit(100), which would kill this test JVM.
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> DemoApp.start(taken.getLocalPort(), "127.0.0.1"));
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
            // the failure a port-0 launch that lost the race for its port retries on
            assertTrue(DemoApp.isBindFailure(e), e.toString());
            assertFalse(DemoApp.isBindFailure(new IllegalStateException("other", new RuntimeException())));
        }
        int port = DemoApp.start(0, "127.0.0.1");
        try {
            assertEquals(200, new Http(port).get("/health").status());
        } finally {
            DemoApp.stop();
        }
    }
}
