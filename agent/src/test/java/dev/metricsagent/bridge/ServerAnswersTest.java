package dev.metricsagent.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server's connector-level hook around the request hooks: what the server answers itself is
 * recorded once, unmatched; what a request hook inside started is that hook's, never twice.
 */
class ServerAnswersTest {
  private final RecordedEvents recorder = RecordedEvents.install();

  @AfterEach
  void close() {
    recorder.close();
  }

  @Test
  void aRequestTheServerAnswersItselfIsUnmatchedWithItsStatus() {
    RequestState s = Requests.serverStart();
    assertTrue(s.serverPending());
    Requests.serverEnd(s, "GET", 302);
    assertEquals(List.of("GET null 302"), recorder.events());
    assertFalse(s.serverPending());
  }

  @Test
  void aRequestAHookInsideStartedIsRecordedOnceByThatHookTimedFromTheServersEntry()
      throws Exception {
    RequestState server = Requests.serverStart();
    long serverEntry = server.serverStart;
    RequestState s = Requests.start("/app");
    assertEquals(serverEntry, s.start, "the duration covers what the server did first");
    assertFalse(server.serverPending());
    Requests.routeFound("GET", "/items/{id}");
    s.answered("GET", 200, true, null);
    Requests.end(s, null, null);
    Requests.serverEnd(server, "GET", 200);
    assertEquals(List.of("GET /app/items/{id} 200"), recorder.events());
  }

  @Test
  void anAsyncRequestHandedOffInsideIsNotRecordedAtTheServersExit() {
    RequestState server = Requests.serverStart();
    RequestState s = Requests.start("");
    s.asyncStarted(true);
    Requests.end(s, null, null); // no listener type: recorded now, as a hook that never goes async
    Requests.serverEnd(server, "GET", 200);
    assertEquals(1, recorder.events().size());
  }

  @Test
  void insideARequestTheServersHookDoesNothing() {
    RequestState s = Requests.start();
    assertNull(Requests.serverStart());
    s.answered("GET", 204, true, null);
    Requests.end(s, null, null);
    assertEquals(List.of("GET null 204"), recorder.events());
  }
  @Test
  void aCompletionCallbackInsideTheServersHookEndsItsPendingRequest() {
    RequestState server = Requests.serverStart();
    RequestState pending = Requests.serverPendingState();
    assertEquals(server, pending);
    Requests.serverEnd(pending, "GET", 431);
    Requests.serverLeave(server);
    assertEquals(List.of("GET null 431"), recorder.events());
    assertNull(Requests.serverPendingState(), "nothing pending once ended");
  }

  @Test
  void aPendingRequestNotCompletedOnThisThreadIsDroppedAtTheHooksExit() {
    RequestState server = Requests.serverStart();
    Requests.serverLeave(server);
    assertNull(Requests.serverPendingState());
    RequestState s = Requests.start();
    s.answered("GET", 200, true, null);
    Requests.end(s, null, null);
    assertEquals(List.of("GET null 200"), recorder.events(), "dropped, not left for the next");
  }

  @Test
  void aRequestTakenOverByAHookInsideLeavesNothingPendingForTheCompletion() {
    RequestState server = Requests.serverStart();
    RequestState s = Requests.start("");
    Requests.routeFound("GET", "/hello");
    assertNull(Requests.serverPendingState(), "inside the request hook");
    s.answered("GET", 200, true, null);
    Requests.end(s, null, null);
    assertNull(Requests.serverPendingState(), "the completion after it");
    Requests.serverLeave(server);
    assertEquals(List.of("GET /hello 200"), recorder.events());
  }

  @Test
  void aRequestAnsweredWithoutAnyHookIsRecordedAtOnceTimedFromItsArrival() {
    long arrived = System.nanoTime() - 5_000_000;
    Requests.serverAnswered(arrived, "BAD", 400);
    assertEquals(List.of("BAD null 400"), recorder.events());
    assertTrue(recorder.durations().get(0) >= 5_000_000, "timed from its arrival");
    assertNull(Requests.serverPendingState());
  }

  /** Jetty 12 refuses the URI on the parsing thread and answers from another one. */
  @Test
  void aRequestRefusedBeforeItExistedKeepsTheMethodTheClientSentOnAnyThread() throws Exception {
    long arrived = System.nanoTime();
    Thread parser = new Thread(() -> Requests.serverRefused(arrived, "GET"));
    parser.start();
    parser.join();
    Requests.serverAnswered(arrived, "BAD", 400);
    Requests.serverAnswered(arrived + 1, "BAD", 400); // another request: its own placeholder
    Requests.serverAnswered(arrived, "BAD", 400); // taken once
    assertEquals(List.of("GET null 400", "BAD null 400", "BAD null 400"), recorder.events());
  }

  @Test
  void refusedMethodsNeverAnsweredTakeAFewSlotsOnly() {
    long first = System.nanoTime();
    for (int i = 0; i <= RefusedMethods.SLOTS; i++) {
      Requests.serverRefused(first + i, "GET");
    }
    Requests.serverAnswered(first, "BAD", 400); // its slot was taken
    Requests.serverAnswered(first + RefusedMethods.SLOTS, "BAD", 400);
    assertEquals(List.of("BAD null 400", "GET null 400"), recorder.events());
  }

  @Test
  void insideARequestOrAServersHookAnAnswerWithoutHookIsNotRecorded() {
    RequestState s = Requests.start();
    Requests.serverAnswered(System.nanoTime(), "GET", 400);
    s.answered("GET", 200, true, null);
    Requests.end(s, null, null);
    RequestState server = Requests.serverStart();
    Requests.serverAnswered(System.nanoTime(), "GET", 400);
    Requests.serverEnd(server, "GET", 404);
    assertEquals(List.of("GET null 200", "GET null 404"), recorder.events());
  }
  @Test
  void aRequestTheServerHasNotAnsweredYetIsNotRecordedWithAMadeUpStatus() {
    RequestState s = Requests.serverStart();
    Requests.serverEnd(s, "GET", 0);
    assertFalse(s.serverPending());
    assertEquals(List.of(), recorder.events());
  }
}
