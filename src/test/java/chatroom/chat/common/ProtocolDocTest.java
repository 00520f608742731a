package chatroom.chat.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The protocol page (docs/protocol.md) and the code must say the same thing. */
class ProtocolDocTest {
  private static final Path DOC = Path.of("docs/protocol.md");
  private static final Pattern KEY = Pattern.compile("\"(\\w+)\":");

  private static Map<String, String> typeRows;
  private static Map<String, String> codeRows;

  @BeforeAll
  static void readTables() throws IOException {
    typeRows = table("## Message types");
    codeRows = table("## Codes");
  }

  /** First column (backticks stripped) → third (or second) column of the table under a heading. */
  private static Map<String, String> table(String heading) throws IOException {
    Map<String, String> rows = new LinkedHashMap<>();
    boolean inside = false;
    for (String line : Files.readAllLines(DOC)) {
      if (line.startsWith("## ")) {
        inside = line.equals(heading);
      } else if (inside
          && line.startsWith("| ")
          && !line.startsWith("| type")
          && !line.startsWith("| code")) {
        String[] cells = line.split("\\|");
        rows.put(cells[1].strip().replace("`", ""), cells[cells.length - 1].strip());
      }
    }
    return rows;
  }

  @Test
  void everyMessageTypeIsDocumentedUnderItsWireName() {
    List<String> inCode = Arrays.stream(MessageType.values()).map(MessageType::wireName).toList();
    assertEquals(inCode, new ArrayList<>(typeRows.keySet()));
  }

  @Test
  void everyPayloadHasExactlyTheJsonFieldsTheDocumentGives() throws IOException {
    ObjectMapper json = new ObjectMapper();
    for (MessageType type : MessageType.values()) {
      Set<String> documented = new TreeSet<>();
      Matcher key = KEY.matcher(typeRows.get(type.wireName()));
      while (key.find()) {
        documented.add(key.group(1));
      }
      JsonNode written = json.readTree(Json.encode(type, sample(type.payloadType())));
      JsonNode payload = json.readTree(written.get("data").asText());
      Set<String> actual = new TreeSet<>();
      collectKeys(payload, actual);
      assertEquals(documented, actual, type.wireName());
    }
  }

  @Test
  void theCodesTableListsExactlyTheResultCodes() {
    Set<String> inCode =
        Arrays.stream(ResultCode.values())
            .map(c -> String.valueOf(c.code()))
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(inCode, new TreeSet<>(codeRows.keySet()));
  }

  private static void collectKeys(JsonNode node, Set<String> keys) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      keys.add(field.getKey());
      collectKeys(field.getValue(), keys);
    }
  }

  /** A record of this type with zero or empty values (nested records built the same way). */
  private static Object sample(Class<?> type) {
    RecordComponent[] components = type.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      Class<?> c = components[i].getType();
      types[i] = c;
      values[i] =
          c == int.class
              ? 0
              : c == long.class
                  ? 0L
                  : c == boolean.class
                      ? false
                      : c == String.class ? "" : c == List.class ? List.of() : sample(c);
    }
    try {
      return type.getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
