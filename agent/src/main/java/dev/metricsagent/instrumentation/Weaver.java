package dev.metricsagent.instrumentation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Weaves {@link HookAdvice} into a class file with plain ASM (Byte Buddy's relocated copy), so
 * that none of Byte Buddy's own classes load while the app starts. No class format change (no new
 * member, no type initialiser): attach can retransform. The advice goes in as Byte Buddy's {@code
 * Advice} would put it: enter code at the top in a catch-all; every return jumps to one exit block
 * after the method's code (outside the method's own exception ranges), which runs the exit code in
 * a catch-all; with {@code onThrowable}, a catch-all over the whole original body (listed after
 * the method's own handlers) runs the exit code and rethrows. Frames are recomputed; common super
 * classes are resolved from class files read through the hooked class's loader: nothing is loaded
 * while the class is being defined.
 */
final class Weaver {
  private Weaver() {}

  /** Scratch slots per hook: enter value, returned (2 slots), thrown, and 8 temps. */
  private static final int SLOTS_PER_HOOK = 16;

  /**
   * @param loader the hooked class's defining loader (null: bootstrap)
   * @param missing told of each hook whose method the type does not declare
   * @return the woven class file, or null if no hook applies
   */
  static byte[] weave(
      ClassLoader loader, String name, byte[] classFile, List<Hook> hooks,
      BiConsumer<String, Hook> missing) {
    ClassReader reader = new ClassReader(classFile);
    // pass 1: declared fields, and each hooked method's max locals (our slots go above them)
    Scan scan = new Scan(hooks);
    reader.accept(scan, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    boolean changed = false;
    for (Hook h : hooks) {
      if (!scan.matched.containsKey(h)) {
        missing.accept(name, h);
      } else {
        changed = true;
      }
    }
    if (!changed || scan.maxLocals.isEmpty()) {
      return null;
    }
    ClassWriter writer = new PoolWriter(loader, reader);
    reader.accept(new Weave(writer, hooks, scan), ClassReader.SKIP_FRAMES);
    return writer.toByteArray();
  }

  private static String key(String name, String desc) {
    return name + desc;
  }

  private static boolean weavable(int access) {
    return (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0;
  }

  private static final class Scan extends ClassVisitor {
    final List<Hook> hooks;
    final Map<Hook, Boolean> matched = new IdentityHashMap<>();
    final Map<String, Integer> maxLocals = new HashMap<>();
    final Map<String, String> fields = new HashMap<>();

    Scan(List<Hook> hooks) {
      super(Opcodes.ASM9);
      this.hooks = hooks;
    }

    @Override
    public FieldVisitor visitField(
        int access, String name, String desc, String signature, Object value) {
      fields.put(name, desc);
      return null;
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String desc, String signature, String[] exceptions) {
      boolean any = false;
      for (Hook h : hooks) {
        if (h.method.matches(access, name, desc)) {
          matched.put(h, Boolean.TRUE);
          any = true;
        }
      }
      if (!any || !weavable(access)) {
        return null;
      }
      String k = key(name, desc);
      return new MethodVisitor(Opcodes.ASM9) {
        @Override
        public void visitMaxs(int maxStack, int locals) {
          maxLocals.put(k, locals);
        }
      };
    }
  }

  private static final class Weave extends ClassVisitor {
    final List<Hook> hooks;
    final Scan scan;
    String owner;

    Weave(ClassVisitor cv, List<Hook> hooks, Scan scan) {
      super(Opcodes.ASM9, cv);
      this.hooks = hooks;
      this.scan = scan;
    }

    @Override
    public void visit(
        int version, int access, String name, String signature, String superName,
        String[] interfaces) {
      owner = name;
      super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String desc, String signature, String[] exceptions) {
      MethodVisitor mv = super.visitMethod(access, name, desc, signature, exceptions);
      Integer max = scan.maxLocals.get(key(name, desc));
      if (max == null || !weavable(access)) {
        return mv;
      }
      int base = max;
      for (Hook h : hooks) {
        if (h.method.matches(access, name, desc)) {
          mv = new AdviceWriter(mv, h.advice, owner, scan.fields, access, desc, base);
          base += SLOTS_PER_HOOK;
        }
      }
      return mv;
    }
  }

  /** One hook's advice around one method. */
  private static final class AdviceWriter extends MethodVisitor implements HookAdvice.Frame {
    private final HookAdvice advice;
    private final String owner;
    private final Map<String, String> fields;
    private final int[] argSlots;
    private final Type returnType;
    private final int base;
    private final Label exit = new Label();
    private final Label bodyStart = new Label();
    private final Label bodyEnd = new Label();
    private boolean returns;

    AdviceWriter(
        MethodVisitor mv, HookAdvice advice, String owner, Map<String, String> fields,
        int access, String desc, int base) {
      super(Opcodes.ASM9, mv);
      this.advice = advice;
      this.owner = owner;
      this.fields = fields;
      this.base = base;
      Type[] args = Type.getArgumentTypes(desc);
      boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
      argSlots = new int[args.length];
      int slot = isStatic ? 0 : 1;
      for (int i = 0; i < args.length; i++) {
        argSlots[i] = slot;
        slot += args[i].getSize();
      }
      returnType = Type.getReturnType(desc);
    }

    @Override
    public String owner() {
      return owner;
    }

    @Override
    public String fieldDescriptor(String name) {
      return fields.get(name);
    }

    @Override
    public int arg(int i) {
      return argSlots[i];
    }

    @Override
    public int enterValue() {
      return base;
    }

    @Override
    public int returned() {
      return base + 1;
    }

    @Override
    public int thrown() {
      return base + 3;
    }

    @Override
    public int temp(int i) {
      if (i < 0 || i > 7) {
        throw new IllegalArgumentException("temp " + i);
      }
      return base + 4 + i;
    }

    @Override
    public void visitCode() {
      super.visitCode();
      if (advice.hasEnter()) {
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        Label done = new Label();
        mv.visitInsn(Opcodes.ACONST_NULL);
        mv.visitVarInsn(Opcodes.ASTORE, enterValue());
        mv.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
        mv.visitLabel(start);
        advice.enter(mv, this);
        mv.visitVarInsn(Opcodes.ASTORE, enterValue());
        mv.visitLabel(end);
        mv.visitJumpInsn(Opcodes.GOTO, done);
        mv.visitLabel(handler);
        mv.visitInsn(Opcodes.POP);
        mv.visitLabel(done);
      }
      mv.visitLabel(bodyStart);
    }

    @Override
    public void visitInsn(int opcode) {
      if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
        if (opcode != Opcodes.RETURN) {
          mv.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), returned());
        }
        mv.visitJumpInsn(Opcodes.GOTO, exit);
        returns = true;
        return;
      }
      super.visitInsn(opcode);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
      mv.visitLabel(bodyEnd);
      if (returns) {
        mv.visitLabel(exit);
        if (advice.onThrowable()) {
          mv.visitInsn(Opcodes.ACONST_NULL);
          mv.visitVarInsn(Opcodes.ASTORE, thrown());
        }
        suppressed();
        if (returnType.getSort() != Type.VOID) {
          mv.visitVarInsn(returnType.getOpcode(Opcodes.ILOAD), returned());
        }
        mv.visitInsn(returnType.getOpcode(Opcodes.IRETURN));
      }
      if (advice.onThrowable()) {
        Label handler = new Label();
        mv.visitLabel(handler);
        mv.visitVarInsn(Opcodes.ASTORE, thrown());
        suppressed();
        mv.visitVarInsn(Opcodes.ALOAD, thrown());
        mv.visitInsn(Opcodes.ATHROW);
        // last in the table: the method's own handlers come first
        mv.visitTryCatchBlock(bodyStart, bodyEnd, handler, "java/lang/Throwable");
      }
      super.visitMaxs(maxStack, maxLocals);
    }

    /** The exit advice in a catch-all that drops the exception. */
    private void suppressed() {
      Label start = new Label();
      Label end = new Label();
      Label handler = new Label();
      Label done = new Label();
      mv.visitLabel(start);
      advice.exit(mv, this);
      mv.visitLabel(end);
      mv.visitJumpInsn(Opcodes.GOTO, done);
      mv.visitLabel(handler);
      mv.visitInsn(Opcodes.POP);
      mv.visitLabel(done);
      // after the advice's own handlers (the late lookup's), which must come first in the table
      mv.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
    }
  }

  /**
   * Frames need common super classes; ASM's default loads classes with {@code Class.forName}.
   * Here they are read as class files through the hooked class's loader. An unknown type fails the
   * weave (the class stays as it was) rather than risk a wrong frame.
   */
  private static final class PoolWriter extends ClassWriter {
    private final ClassLoader loader;
    private final ClassReader self;
    private final Map<String, String[]> cache = new HashMap<>(); // {super or null, "i" if iface}

    PoolWriter(ClassLoader loader, ClassReader self) {
      super(ClassWriter.COMPUTE_FRAMES);
      this.loader = loader;
      this.self = self;
    }

    @Override
    protected String getCommonSuperClass(String a, String b) {
      if (a.equals(b)) {
        return a;
      }
      List<String> chainA = chain(a);
      List<String> chainB = chain(b);
      if (chainB.contains(a)) {
        return a;
      }
      if (chainA.contains(b)) {
        return b;
      }
      if (isInterface(a) || isInterface(b)) {
        return "java/lang/Object";
      }
      for (String s : chainA) {
        if (chainB.contains(s)) {
          return s;
        }
      }
      return "java/lang/Object";
    }

    private boolean isInterface(String type) {
      return info(type)[1] != null;
    }

    private List<String> chain(String type) {
      List<String> out = new ArrayList<>();
      for (String t = type; t != null; t = info(t)[0]) {
        out.add(t);
      }
      return out;
    }

    private String[] info(String type) {
      String[] i = cache.get(type);
      if (i == null) {
        ClassReader r = type.equals(self.getClassName()) ? self : new ClassReader(read(type));
        boolean iface = (r.getAccess() & Opcodes.ACC_INTERFACE) != 0;
        i = new String[] {r.getSuperName(), iface ? "i" : null};
        cache.put(type, i);
      }
      return i;
    }

    private byte[] read(String type) {
      String resource = type + ".class";
      try (InputStream in =
          loader == null
              ? ClassLoader.getSystemResourceAsStream(resource)
              : loader.getResourceAsStream(resource)) {
        if (in == null) {
          throw new TypeNotPresentException(type.replace('/', '.'), null);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
          out.write(buf, 0, n);
        }
        return out.toByteArray();
      } catch (IOException e) {
        throw new TypeNotPresentException(type.replace('/', '.'), e);
      }
    }
  }
}
