package dev.metricsagent.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.metricsagent.bridge.RequestState;
import dev.metricsagent.bridge.Requests;
import dev.metricsagent.instrumentation.TypeAdvice;
import dev.metricsagent.instrumentation.TypeInstrumentation;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.server.HttpChannel;

/**
 * Jetty 9.4 to 11's {@code HttpChannel}, the one place a connection's requests pass: {@code
 * handle()} dispatches a parsed request (and runs again for its async phases), {@code
 * onBadMessage} answers one the parser or {@code Request.setMetaData} rejected (a malformed
 * request line, an ambiguous URI's 400, headers too large: 431), and both call {@code
 * onCompleted()} once the response is complete, before the channel is recycled. Only a call
 * that starts a request (the channel idle) opens a pending request; a servlet hook inside ({@link
 * Jetty9Instrumentation}, {@link Jetty11Instrumentation}) takes it over, else {@code
 * onCompleted} records it, {@code unmatched}, with the status Jetty sent.
 */
final class JettyChannelInstrumentation implements TypeInstrumentation {
  @Override
  public String typeName() {
    return JettyConnectorModule.CHANNEL;
  }

  @Override
  public void advise(TypeAdvice advice) {
    advice.required(named("handle").and(takesArguments(0)), EntryAdvice.class, "handle()");
    // (BadMessageException) from 9.4.12 on, (int, String) before: the advice reads neither
    advice.required(named("onBadMessage"), EntryAdvice.class, "onBadMessage(...)");
    advice.required(
        named("onCompleted").and(takesArguments(0)), CompletedAdvice.class, "onCompleted()");
  }

  static final class EntryAdvice {
    private EntryAdvice() {}

    /** A request starts here only on an idle channel (not an async phase of one under way). */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static RequestState enter(@Advice.This HttpChannel channel) {
      return channel.getState().isIdle() ? Requests.serverStart() : null;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter RequestState state) {
      Requests.serverLeave(state);
    }
  }

  static final class CompletedAdvice {
    private CompletedAdvice() {}

    /** The status sent: the committed response's (a bad message's is not the response object's). */
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This HttpChannel channel) {
      RequestState state = Requests.serverPendingState();
      if (state != null) {
        MetaData.Response sent = channel.getCommittedMetaData();
        int status = sent != null ? sent.getStatus() : channel.getResponse().getStatus();
        Requests.serverEnd(state, channel.getRequest().getMethod(), status);
      }
    }
  }
}
