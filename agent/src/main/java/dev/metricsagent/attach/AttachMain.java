package dev.metricsagent.attach;

import dev.metricsagent.config.AgentConfig;
import dev.metricsagent.config.AgentConfigException;
import java.io.File;
import java.io.PrintStream;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * {@code java -jar metrics-agent.jar list | attach <pid> [options]}: loads the agent into a
 * running JVM. Every failure is one line on stderr and a non-zero exit code.
 *
 * <pre>{@code
 * java -jar metrics-agent.jar attach 4242 port=9465
 * }</pre>
 */
public final class AttachMain {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  static final String USAGE_TEXT =
      "usage: java -jar metrics-agent.jar list | attach <pid> [key=value,...]"
          + "  (options as for -javaagent, e.g. port=9464,host=127.0.0.1)";

  private AttachMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
      (args.length == 0 ? err : out).println(USAGE_TEXT);
      return args.length == 0 ? USAGE : OK;
    }
    try {
      if (args[0].equals("list") && args.length == 1) {
        return list(out, err);
      }
      if (args[0].equals("attach") && (args.length == 2 || args.length == 3)) {
        return attach(args[1], args.length == 3 ? args[2] : "", out, err);
      }
      err.println("metrics-agent: unexpected arguments; " + USAGE_TEXT);
      return USAGE;
    } catch (AttachFailure e) {
      err.println("metrics-agent: " + e.getMessage());
      return FAILED;
    }
  }

  private static int list(PrintStream out, PrintStream err) throws AttachFailure {
    List<VirtualMachines.Descriptor> vms = VirtualMachines.load().list();
    String self = VirtualMachines.currentPid();
    int shown = 0;
    for (VirtualMachines.Descriptor d : vms) {
      if (!d.pid.equals(self)) {
        out.println(d.pid + "\t" + (d.displayName.isEmpty() ? "(unknown main class)" : d.displayName));
        shown++;
      }
    }
    if (shown == 0) {
      err.println("metrics-agent: no attachable JVMs of this user found");
    }
    return OK;
  }

  private static int attach(String pid, String options, PrintStream out, PrintStream err)
      throws AttachFailure {
    if (!pid.matches("[0-9]{1,10}")) {
      err.println("metrics-agent: invalid pid '" + pid + "': expected a process id (see 'list')");
      return USAGE;
    }
    AgentConfig config;
    try {
      // Validated here, before touching the target: the target would only log the error.
      config = AgentConfig.parse(options, new Properties(), Collections.<String, String>emptyMap());
    } catch (AgentConfigException e) {
      err.println("metrics-agent: " + e.getMessage() + "; nothing was attached");
      return USAGE;
    }
    File jar = agentJar();
    VirtualMachines vms = VirtualMachines.load();
    VirtualMachines.Target target = vms.attach(pid);
    try {
      String active = target.systemProperty(AgentConfig.ACTIVE_PORT_PROPERTY);
      if (active != null) {
        out.println("metrics-agent already active in " + pid + " on port " + active);
        return OK;
      }
      target.loadAgent(jar.getAbsolutePath(), config.toAgentArgs());
    } finally {
      target.detach();
    }
    String host = "0.0.0.0".equals(config.host()) ? "localhost" : config.host();
    boolean tls = config.tlsKeystore() != null;
    String url = (tls ? "https" : "http") + "://" + host + ":" + config.port() + "/metrics";
    if (ExporterProbe.answers(host, config.port(), tls, 15_000)) {
      out.println("metrics-agent attached to " + pid + "; metrics at " + url);
      return OK;
    }
    throw new AttachFailure(
        "the agent was loaded into " + pid + " but " + url + " does not answer (port taken?);"
            + " see that process's stderr");
  }

  private static File agentJar() throws AttachFailure {
    try {
      File f = new File(AttachMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (f.isFile()) {
        return f;
      }
    } catch (Exception e) {
      // reported below
    }
    throw new AttachFailure("cannot locate metrics-agent.jar: run this command with java -jar");
  }
}
