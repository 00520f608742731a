package chatroom.chat.client;

import chatroom.chat.client.process.ChatSession.Registration;
import chatroom.chat.common.LoginResMes;
import chatroom.chat.common.SmsResMes;

/**
 * The server's answers as sentences for the console: the client's own wording for each code it
 * knows, with the code in brackets for whoever compares with the protocol, and the server's text
 * where it says more than the code does (which field is wrong, how long to wait). Every text from
 * the server is {@linkplain Display#clean cleaned} first.
 */
final class Answers {
  private Answers() {}

  /** Why a login failed. */
  static String loginFailed(int userId, LoginResMes result) {
    String why =
        switch (result.code()) {
          case 403 -> "wrong password";
          case 500 -> "there is no user " + userId + " (register first: menu 2)";
          case 503 -> "the server is full; try again later";
          case 505 -> withText("the server could not check your login; try again later", result);
          default -> orCode(result.code(), result.error());
        };
    return "Login failed (" + result.code() + "): " + why + ".";
  }

  /** What became of a registration, for either kind of server. */
  static String registration(int userId, Registration result) {
    if (result.registered()) {
      return "Registered user " + userId + ". You can log in now.";
    }
    String why;
    if (result.idTaken()) {
      why = "user id " + userId + " is taken; choose another";
    } else if (result.fromTutorialServer() && result.code() == 506) {
      why = "the server could not register you";
    } else if (result.code() == 505) {
      why = "the server could not store the new user; try again later";
    } else {
      why = orCode(result.code(), result.error());
    }
    // A Go tutorial server's own words ("User exit...") are all it says about its codes.
    boolean tutorialCode = result.code() == 505 || result.code() == 506;
    if (result.fromTutorialServer() && tutorialCode && !Display.clean(result.error()).isBlank()) {
      why += " (the server says: " + Display.clean(result.error()) + ")";
    }
    return "Registration failed (" + result.code() + "): " + why + ".";
  }

  /** What became of one private message, in brackets after the line it answers. */
  static String privateOutcome(SmsResMes result) {
    return switch (result.code()) {
      case 200 -> "(delivered to " + result.toUserId() + ")";
      case 202 -> kept(result);
      case 404 -> "(not sent, 404: there is no user " + result.toUserId() + ")";
      case 505 -> "(not sent, 505: the server could not deliver or keep it; try again)";
      default -> "(not sent, " + result.code() + ": " + orCode(result.code(), result.error()) + ")";
    };
  }

  /**
   * A kept message: mostly for someone offline; otherwise the server's reason, since the user may
   * well be online (with a program that cannot show private messages, say).
   */
  private static String kept(SmsResMes result) {
    String why = Display.clean(result.error());
    if (why.isBlank() || why.endsWith(" is offline")) {
      return "(user " + result.toUserId() + " is offline: kept until they log in)";
    }
    return "(kept, 202: " + why + ")";
  }

  private static String withText(String sentence, LoginResMes result) {
    String text = Display.clean(result.error());
    return text.isBlank() ? sentence : sentence + " (the server says: " + text + ")";
  }

  /** The server's reason, or if it gave none, a sentence that at least names the code. */
  static String orCode(int code, String error) {
    String text = Display.clean(error);
    return text.isBlank() ? "the server gave code " + code + " and no reason" : text;
  }
}
