package chatroom.lessons;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Every class the build produced, found by simple name, for checking what the lessons name. */
final class ProjectClasses {
  /** Packages a lesson may name classes from without spelling out the package. */
  private static final List<String> LIBRARY_PACKAGES =
      List.of(
          "java.lang.",
          "java.io.",
          "java.net.",
          "java.nio.",
          "java.nio.channels.",
          "java.nio.charset.",
          "java.util.",
          "java.util.concurrent.",
          "java.util.concurrent.locks.",
          "java.time.",
          "java.security.",
          "javax.crypto.",
          "javax.crypto.spec.",
          "javax.net.ssl.",
          "redis.clients.jedis.",
          "com.fasterxml.jackson.databind.",
          "com.fasterxml.jackson.annotation.",
          "java.lang.management.",
          "org.junit.jupiter.api.",
          "org.mockito.");

  private final Map<String, List<Class<?>>> bySimpleName = new HashMap<>();

  ProjectClasses(Path... classDirs) {
    for (Path dir : classDirs) {
      try (Stream<Path> files = Files.walk(dir)) {
        files
            .filter(f -> f.toString().endsWith(".class"))
            .forEach(f -> add(dir.relativize(f).toString()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void add(String relativePath) {
    String binaryName = relativePath.replace('/', '.').replaceAll("\\.class$", "");
    String simple =
        binaryName.substring(
            Math.max(binaryName.lastIndexOf('.'), binaryName.lastIndexOf('$')) + 1);
    if (simple.isEmpty() || Character.isDigit(simple.charAt(0))) {
      return; // anonymous and local classes cannot be named in prose
    }
    load(binaryName)
        .ifPresent(c -> bySimpleName.computeIfAbsent(simple, k -> new ArrayList<>()).add(c));
  }

  /** The project classes with this simple name (a nested record counts by its own name). */
  List<Class<?>> project(String simpleName) {
    return bySimpleName.getOrDefault(simpleName, List.of());
  }

  /** The project classes of a package, nested ones included. */
  List<Class<?>> inPackage(String packageName) {
    return bySimpleName.values().stream()
        .flatMap(List::stream)
        .filter(c -> c.getPackageName().equals(packageName))
        .distinct()
        .toList();
  }

  /** A project class, or a library class from a well-known package, or a fully qualified one. */
  Optional<Class<?>> resolve(String name) {
    List<Class<?>> own = project(name);
    if (!own.isEmpty()) {
      return Optional.of(own.get(0));
    }
    if (name.contains(".")) {
      return load(name);
    }
    for (String pkg : LIBRARY_PACKAGES) {
      Optional<Class<?>> found = load(pkg + name);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /**
   * True if some project class of this simple name, one of its supertypes or one of its nested
   * classes (JUnit's {@code @Nested} groups, say) declares a member called so.
   */
  boolean projectMemberExists(String className, String member) {
    return project(className).stream().anyMatch(c -> declares(c, member));
  }

  private static boolean declares(Class<?> type, String member) {
    for (Class<?> k = type; k != null && k != Object.class; k = k.getSuperclass()) {
      if (Stream.of(k.getDeclaredMethods()).anyMatch(m -> m.getName().equals(member))
          || Stream.of(k.getDeclaredFields()).anyMatch(f -> f.getName().equals(member))
          || Stream.of(k.getDeclaredClasses()).anyMatch(n -> n.getSimpleName().equals(member))
          || Stream.of(k.getInterfaces()).anyMatch(i -> hasMethod(i, member))) {
        return true;
      }
    }
    return Stream.of(type.getDeclaredClasses()).anyMatch(nested -> declares(nested, member));
  }

  /** The binary names of every project class with a {@code main} method, in src/main. */
  List<String> mainClasses() {
    return bySimpleName.values().stream()
        .flatMap(List::stream)
        .map(Class::getName)
        .filter(name -> !name.endsWith("Test") && isMainClass(name))
        .filter(name -> name.startsWith("chatroom.") && !name.startsWith("chatroom.testing."))
        .distinct()
        .sorted()
        .toList();
  }

  /** True if the named class has {@code public static void main(String[])}. */
  boolean isMainClass(String binaryName) {
    return load(binaryName)
        .map(
            c -> {
              try {
                Method main = c.getMethod("main", String[].class);
                return Modifier.isStatic(main.getModifiers()) && main.getReturnType() == void.class;
              } catch (NoSuchMethodException e) {
                return false;
              }
            })
        .orElse(false);
  }

  private static boolean hasMethod(Class<?> type, String name) {
    return Stream.of(type.getMethods()).anyMatch(m -> m.getName().equals(name));
  }

  private static Optional<Class<?>> load(String binaryName) {
    try {
      return Optional.of(Class.forName(binaryName, false, ProjectClasses.class.getClassLoader()));
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.empty();
    }
  }
}
