package dev.metricsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class BridgeInjectorTest {

  /** The injector names the bridge classes instead of scanning the jar: the list must be whole. */
  @Test
  void namesEveryClassOfTheBridgePackage() throws Exception {
    File dir =
        new File(
            new File(BridgeInjector.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
            BridgeInjector.BRIDGE_PACKAGE.replace('.', '/'));
    Set<String> compiled = new TreeSet<>();
    for (String f : dir.list()) {
      if (f.endsWith(".class")) {
        compiled.add(f.substring(0, f.length() - ".class".length()));
      }
    }
    assertEquals(compiled, new TreeSet<>(Arrays.asList(BridgeInjector.BRIDGE_CLASSES)));
  }
}
