package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import chatroom.chat.common.ErrorResMes;
import chatroom.chat.common.LoginMes;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.RegisterMes;
import chatroom.chat.common.ResultCode;
import chatroom.chat.server.model.StoreException;
import chatroom.chat.server.process.MessageProcessor;
import chatroom.testing.RawClient;
import chatroom.testing.RecordedSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dispatcher's rules, with the processors behind it replaced by Mockito mocks. */
class ProcessorTest {
  private final RecordedSession recorded = new RecordedSession();
  private MessageProcessor<LoginMes> login;
  private Processor processor;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void setUp() {
    login = mock(MessageProcessor.class);
    when(login.requestType()).thenReturn(LoginMes.class);
    processor = new Processor().on(MessageType.LOGIN_MES, login);
  }

  private void dispatch(String type, String payloadJson) throws IOException {
    dispatchBody(RawClient.envelope(type, payloadJson));
  }

  private void dispatchBody(String body) throws IOException {
    processor.dispatch(recorded.session(), body.getBytes(StandardCharsets.UTF_8));
  }

  private ErrorResMes error() throws IOException {
    return recorded.onlyReply("ErrorResMes", ErrorResMes.class);
  }

  @Test
  void aKnownRequestReachesItsProcessorDecoded() throws Exception {
    dispatch("LoginMes", "{\"userId\":7,\"userPwd\":\"pw\",\"userName\":\"\"}");
    verify(login).process(recorded.session(), new LoginMes(7, "pw", ""));
  }

  @Test
  void anUnknownTypeGets400() throws Exception {
    dispatch("FileMes", "{}");
    assertEquals(new ErrorResMes(400, "unknown message type 'FileMes'"), error());
  }

  @Test
  void aMalformedEnvelopeGets400() throws Exception {
    dispatchBody("{\"type\": \"LoginMes\"");
    ErrorResMes error = error();
    assertEquals(400, error.code());
    assertTrue(error.error().startsWith("malformed envelope"), error.error());
  }

  @Test
  void aMalformedPayloadGets400AndNeverReachesTheProcessor() throws Exception {
    dispatch("LoginMes", "{\"userId\":\"seven\",\"userPwd\":\"pw\"}");
    assertEquals(400, error().code());
    verify(login, never()).process(any(), any());
  }

  @Test
  void aMissingFieldGets400() throws Exception {
    dispatch("LoginMes", "{\"userId\":7}");
    ErrorResMes error = error();
    assertEquals(400, error.code());
    assertTrue(error.error().contains("userPwd"), error.error());
  }

  @Test
  void aChatMessageBeforeLoginGets401() throws Exception {
    dispatch("SmsMes", "{\"content\":\"hello\"}");
    assertEquals(new ErrorResMes(401, "SmsMes needs a login first"), error());
  }

  @Test
  void aTypeOnlyTheServerSendsGets400() throws Exception {
    dispatch("LoginResMes", "{\"code\":200}");
    assertEquals(new ErrorResMes(400, "LoginResMes is not a request to the server"), error());
  }

  @Test
  void aStoreFailureIsAnswered505ThroughTheProcessorsOwnFailureReply() throws Exception {
    LoginMes request = new LoginMes(7, "pw", "");
    doThrow(new StoreException("redis down", null))
        .when(login)
        .process(recorded.session(), request);
    dispatch("LoginMes", "{\"userId\":7,\"userPwd\":\"pw\",\"userName\":\"\"}");
    verify(login).fail(eq(recorded.session()), eq(request), eq(ResultCode.SERVER_ERROR), any());
  }

  @Test
  void aProcessorMustAcceptThePayloadOfItsType() {
    assertThrows(
        IllegalArgumentException.class, () -> new Processor().on(MessageType.REGISTER_MES, login));
    assertEquals(RegisterMes.class, MessageType.REGISTER_MES.payloadType());
  }
}
