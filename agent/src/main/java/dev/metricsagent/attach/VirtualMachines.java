package dev.metricsagent.attach;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The JDK's Attach API ({@code com.sun.tools.attach}) through reflection: the agent compiles for
 * Java 8, where the API lives in {@code tools.jar}, and runs on 9+ where it is the {@code
 * jdk.attach} module, absent from JREs.
 */
final class VirtualMachines {
  private final Class<?> vmType;
  private final Class<?> descriptorType;

  private VirtualMachines(Class<?> vmType, Class<?> descriptorType) {
    this.vmType = vmType;
    this.descriptorType = descriptorType;
  }

  static VirtualMachines load() throws AttachFailure {
    // Not this class's loader: the agent's own loader sees only JDK modules defined to the boot
    // and platform loaders, and jdk.attach is defined to the application class loader.
    ClassLoader loader = ClassLoader.getSystemClassLoader();
    try {
      return of(loader);
    } catch (ClassNotFoundException notOnClassPath) {
      File toolsJar = new File(System.getProperty("java.home"), "../lib/tools.jar"); // Java 8 JDK
      if (toolsJar.isFile()) {
        try {
          return of(new URLClassLoader(new URL[] {toolsJar.toURI().toURL()}, loader));
        } catch (Exception e) {
          // reported below
        }
      }
      throw new AttachFailure(
          "this Java runtime has no attach support (module jdk.attach): run the command with a"
              + " JDK's java, e.g. the one the target runs on");
    }
  }

  private static VirtualMachines of(ClassLoader loader) throws ClassNotFoundException {
    return new VirtualMachines(
        Class.forName("com.sun.tools.attach.VirtualMachine", true, loader),
        Class.forName("com.sun.tools.attach.VirtualMachineDescriptor", true, loader));
  }

  static String currentPid() {
    String name = ManagementFactory.getRuntimeMXBean().getName(); // "pid@host"
    int at = name.indexOf('@');
    return at > 0 ? name.substring(0, at) : name;
  }

  List<Descriptor> list() throws AttachFailure {
    List<Descriptor> out = new ArrayList<Descriptor>();
    try {
      for (Object d : (List<?>) vmType.getMethod("list").invoke(null)) {
        out.add(
            new Descriptor(
                (String) descriptorType.getMethod("id").invoke(d),
                String.valueOf(descriptorType.getMethod("displayName").invoke(d))));
      }
    } catch (Exception e) {
      throw new AttachFailure("cannot list JVMs: " + cause(e));
    }
    return out;
  }

  Target attach(String pid) throws AttachFailure {
    if (!processExists(pid)) {
      throw new AttachFailure("no process with pid " + pid);
    }
    if (Boolean.FALSE.equals(runsAJvm(pid))) {
      throw new AttachFailure("process " + pid + " is not a Java VM");
    }
    try {
      return new Target(vmType.getMethod("attach", String.class).invoke(null, pid));
    } catch (InvocationTargetException e) {
      Throwable c = e.getCause();
      String kind = c.getClass().getSimpleName();
      if (kind.equals("AttachNotSupportedException") || c instanceof java.io.IOException) {
        throw new AttachFailure(
            "cannot attach to pid "
                + pid
                + ": "
                + c.getMessage()
                + " (is it a JVM of the same user, started without -XX:+DisableAttachMechanism?)");
      }
      throw new AttachFailure("cannot attach to pid " + pid + ": " + c);
    } catch (Exception e) {
      throw new AttachFailure("cannot attach to pid " + pid + ": " + cause(e));
    }
  }

  /** Where /proc exists (Linux) a missing pid is told apart from a non-JVM; elsewhere assume it is. */
  private static boolean processExists(String pid) {
    File proc = new File("/proc");
    return !proc.isDirectory() || new File(proc, pid).exists();
  }

  /** TRUE/FALSE when the process's memory map tells (Linux, same user), else null. */
  private static Boolean runsAJvm(String pid) {
    File maps = new File("/proc/" + pid + "/maps");
    if (!maps.canRead()) {
      return null;
    }
    try {
      String text = new String(java.nio.file.Files.readAllBytes(maps.toPath()), "ISO-8859-1");
      return text.contains("/libjvm.so") ? Boolean.TRUE : Boolean.FALSE;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static String cause(Exception e) {
    Throwable c = e instanceof InvocationTargetException ? e.getCause() : e;
    return String.valueOf(c);
  }

  static final class Descriptor {
    final String pid;
    final String displayName;

    Descriptor(String pid, String displayName) {
      this.pid = pid;
      this.displayName = displayName;
    }
  }

  /** An attached VM. */
  final class Target {
    private final Object vm;

    Target(Object vm) {
      this.vm = vm;
    }

    String systemProperty(String name) throws AttachFailure {
      try {
        Properties p = (Properties) vmType.getMethod("getSystemProperties").invoke(vm);
        return p.getProperty(name);
      } catch (Exception e) {
        throw new AttachFailure("cannot read the target's system properties: " + cause(e));
      }
    }

    void loadAgent(String jar, String options) throws AttachFailure {
      try {
        Method load = vmType.getMethod("loadAgent", String.class, String.class);
        load.invoke(vm, jar, options);
      } catch (Exception e) {
        throw new AttachFailure("loading the agent failed: " + cause(e));
      }
    }

    void detach() {
      try {
        vmType.getMethod("detach").invoke(vm);
      } catch (Exception e) {
        // detaching is best effort; the target is unaffected
      }
    }
  }
}
