package dev.metricsagent;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.SecureClassLoader;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Loads the agent (its core, Byte Buddy, the Prometheus client) from the agent jar's {@code
 * inst/} entries, where class files are named {@code .classdata}: the system class loader, which
 * has the jar on its class path, finds neither those classes nor their resources, so the app's
 * class path view holds nothing of the agent but {@link AgentLauncher} and this class.
 *
 * <p>Parent-first, with a parent that sees the JDK (and so the boot-loaded bridge) but not the
 * app. Serves resources too: Byte Buddy reads advice classes as {@code .class} resources.
 *
 * <p>Must not reference other agent classes: it is loaded by the system class loader.
 */
final class AgentClassLoader extends SecureClassLoader {
  /** Where the packaging (agent/pom.xml) moves everything but the entry point. */
  static final String PREFIX = "inst/";

  static final String CLASS_SUFFIX = ".classdata";

  /** Defined in the boot loader by BridgeInjector; a second copy here would split the agent. */
  private static final String BRIDGE_PACKAGE = "dev.metricsagent.bridge.";

  static {
    registerAsParallelCapable();
  }

  private final JarFile jar;
  private final String jarUrl;
  private final CodeSource codeSource;
  private final Manifest manifest;

  AgentClassLoader(File jarFile, ClassLoader parent) throws IOException {
    super(parent);
    this.jar = new JarFile(jarFile, false); // open for the JVM's lifetime; not signed
    URL location = jarFile.toURI().toURL();
    this.jarUrl = location.toExternalForm();
    this.codeSource = new CodeSource(location, (Certificate[]) null);
    Manifest m = jar.getManifest();
    this.manifest = m == null ? new Manifest() : m;
  }

  /**
   * On Java 9+ the platform loader (JDK modules such as jdk.httpserver are defined there, not in
   * the boot loader); on 8 the extension loader: either way the system loader's topmost ancestor,
   * also under a custom system loader. Found without reflection: invoking the caller-sensitive
   * {@code getPlatformClassLoader} reflectively made the JDK parse annotations and generate a
   * proxy class, ~15 ms of the app's start-up.
   */
  static ClassLoader jdkOnlyParent() {
    ClassLoader top = null;
    for (ClassLoader l = ClassLoader.getSystemClassLoader(); l != null; l = l.getParent()) {
      top = l;
    }
    return top == ClassLoader.getSystemClassLoader() ? null : top;
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    if (name.startsWith(BRIDGE_PACKAGE)) {
      throw new ClassNotFoundException(name + " (the bridge is loaded by the boot loader only)");
    }
    JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + CLASS_SUFFIX);
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try (InputStream in = jar.getInputStream(entry)) {
      bytes = readAll(in, (int) entry.getSize());
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    if (name.endsWith(NO_STATIC_INIT_CLASS_SUFFIX)) {
      removeStaticInit(bytes);
    }
    definePackageOf(name);
    return defineClass(name, bytes, 0, bytes.length, codeSource);
  }

  /** With the manifest's attributes: the agent reads its version from its package. */
  @SuppressWarnings("deprecation") // getPackage(String): getDefinedPackage is Java 9+
  private void definePackageOf(String className) {
    int dot = className.lastIndexOf('.');
    if (dot < 0) {
      return;
    }
    String pkg = className.substring(0, dot);
    if (getPackage(pkg) != null) {
      return;
    }
    Attributes a = manifest.getMainAttributes();
    try {
      definePackage(
          pkg,
          a.getValue(Attributes.Name.SPECIFICATION_TITLE),
          a.getValue(Attributes.Name.SPECIFICATION_VERSION),
          a.getValue(Attributes.Name.SPECIFICATION_VENDOR),
          a.getValue(Attributes.Name.IMPLEMENTATION_TITLE),
          a.getValue(Attributes.Name.IMPLEMENTATION_VERSION),
          a.getValue(Attributes.Name.IMPLEMENTATION_VENDOR),
          null);
    } catch (IllegalArgumentException definedMeanwhile) {
      // another thread defined it: same attributes
    }
  }

  @Override
  protected URL findResource(String name) {
    JarEntry entry = entry(name);
    if (entry == null) {
      return null;
    }
    try {
      return new URL("jar:" + jarUrl + "!/" + entry.getName());
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL u = findResource(name);
    return u == null ? Collections.<URL>emptyEnumeration() : Collections.enumeration(Collections.singleton(u));
  }

  /** Straight from the open jar: a jar: URL would open the file a second time. */
  @Override
  public InputStream getResourceAsStream(String name) {
    JarEntry entry = entry(name);
    if (entry != null) {
      try {
        return jar.getInputStream(entry);
      } catch (IOException e) {
        return null;
      }
    }
    return super.getResourceAsStream(name);
  }

  private JarEntry entry(String name) {
    String mapped =
        name.endsWith(".class")
            ? name.substring(0, name.length() - ".class".length()) + CLASS_SUFFIX
            : name;
    return jar.getJarEntry(PREFIX + mapped);
  }

  private static byte[] readAll(InputStream in, int size) throws IOException {
    if (size >= 0) { // known for the jar's deflated entries: read in place, no copying
      byte[] b = new byte[size];
      new DataInputStream(in).readFully(b);
      return b;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buf = new byte[8192];
    for (int n; (n = in.read(buf)) > 0; ) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /*
   * The Prometheus client's {@code HTTPServer} has a static initialiser that sets {@code
   * sun.net.httpserver.maxReqTime=60} and {@code maxRspTime=600} as JVM-wide system properties
   * when they are unset. They would land in the host, and the JDK's {@code ServerConfig} reads
   * them once, in its own static initialiser, for every {@code HttpServer} of the JVM: setting and
   * restoring them around the class's initialisation would still leak them to a host thread that
   * initialises {@code ServerConfig} or reads the properties meanwhile. So the initialiser never
   * runs: its method is renamed in place (same length, so nothing else in the class file moves)
   * and the rest of the class stays byte for byte the client's. It sets nothing else (checked
   * against the client's jar by {@code NoJvmWidePropertiesTest}); the agent bounds request times
   * per server instead (see {@code exporter/ExchangeExecutor}). Methods of this class, not a
   * nested one: the app's class path must show this class only (ClassPathViewIT).
   */

  /** Shade relocates strings starting with the client's package, so only the tail is named. */
  static final String NO_STATIC_INIT_CLASS_SUFFIX =
      "prometheus.metrics.exporter.httpserver.HTTPServer";

  private static final byte[] CLINIT = {'<', 'c', 'l', 'i', 'n', 'i', 't', '>'};
  private static final byte[] RENAMED = {'$', 'c', 'l', 'i', 'n', 'i', 't', '$'};

  /**
   * Renames the class's {@code <clinit>} to a static method nobody calls.
   *
   * @return whether there was one
   */
  static boolean removeStaticInit(byte[] classFile) {
    int count = u2(classFile, 8);
    int pos = 10;
    for (int i = 1; i < count; i++) {
      int tag = classFile[pos] & 0xff;
      switch (tag) {
        case 1: // Utf8
          int len = u2(classFile, pos + 1);
          if (len == CLINIT.length && matches(classFile, pos + 3)) {
            System.arraycopy(RENAMED, 0, classFile, pos + 3, RENAMED.length);
            return true;
          }
          pos += 3 + len;
          break;
        case 5: // Long
        case 6: // Double: two entries
          pos += 9;
          i++;
          break;
        case 3: // Integer
        case 4: // Float
        case 9: // Fieldref
        case 10: // Methodref
        case 11: // InterfaceMethodref
        case 12: // NameAndType
        case 17: // Dynamic
        case 18: // InvokeDynamic
          pos += 5;
          break;
        case 15: // MethodHandle
          pos += 4;
          break;
        case 7: // Class
        case 8: // String
        case 16: // MethodType
        case 19: // Module
        case 20: // Package
          pos += 3;
          break;
        default:
          throw new IllegalArgumentException("unknown constant pool tag " + tag + " at " + pos);
      }
    }
    return false;
  }

  private static boolean matches(byte[] b, int at) {
    for (int i = 0; i < CLINIT.length; i++) {
      if (b[at + i] != CLINIT[i]) {
        return false;
      }
    }
    return true;
  }

  private static int u2(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }
}
