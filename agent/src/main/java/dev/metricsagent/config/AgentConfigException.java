package dev.metricsagent.config;

/** A bad agent option; the message is one line naming the option, the value and what is accepted. */
public final class AgentConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public AgentConfigException(String message) {
    super(message);
  }
}
