'use strict';

/*
 * The chat in a browser. It speaks the protocol of docs/protocol.md over a WebSocket: each text
 * message is one envelope {"type": ..., "data": "<payload as JSON text>"}, exactly what a TCP
 * frame carries after its 4-byte length. Everything another person wrote is put on the page with
 * textContent, never as HTML, so a message like <img src=x onerror=...> shows as those characters.
 */
(() => {
  /** What this page can show: everything the server offers (see "Features" in the protocol). */
  const FEATURES = ['private', 'offline', 'online-list', 'logout', 'find-user', 'errors',
    'large-frames'];
  const RETRY_FIRST_MS = 1000;
  const RETRY_MOST_MS = 15000;

  const element = (id) => document.getElementById(id);

  const state = {
    socket: null, // the open WebSocket, or null
    opening: null, // a promise of the socket while it opens
    credentials: null, // {userId, password} once logged in, to log in again after a reconnect
    me: null, // {userId, userName}
    loggedIn: false,
    leaving: false, // a logout was asked for: the close that follows is expected
    retries: 0,
    retryTimer: null,
    answers: [], // requests waiting for their answer: {type, resolve, reject}
    sentPrivately: [], // private messages waiting for their SmsResMes, oldest first
    names: new Map(), // user id -> name, as far as known
    online: new Set(),
    usersCount: 0,
    target: null, // {userId, userName} for a private chat, null for everyone
  };

  // ---- the connection ---------------------------------------------------------------------

  /** The WebSocket of this page's own server: same host and port, path /chat. */
  function chatUrl() {
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    return scheme + location.host + '/chat';
  }

  function openSocket() {
    if (state.socket) {
      return Promise.resolve(state.socket);
    }
    if (state.opening) {
      return state.opening;
    }
    setStatus(state.credentials ? 'reconnecting…' : 'connecting…', 'busy');
    state.opening = new Promise((resolve, reject) => {
      const socket = new WebSocket(chatUrl());
      socket.onopen = () => {
        state.socket = socket;
        state.opening = null;
        resolve(socket);
      };
      socket.onmessage = (event) => receive(event.data);
      socket.onclose = (event) => {
        const wasOpen = state.socket === socket;
        state.socket = null;
        if (!wasOpen) {
          state.opening = null;
          reject(new Error('cannot reach the chat server'));
        }
        closed(event);
      };
    });
    return state.opening;
  }

  /** Sends one request: the payload as JSON text inside the envelope. */
  function send(type, payload) {
    if (!state.socket) {
      throw new Error('not connected');
    }
    state.socket.send(JSON.stringify({ type, data: JSON.stringify(payload) }));
  }

  /** Sends a request and waits for the answer of {@code answerType} (or an ErrorResMes). */
  function request(type, payload, answerType) {
    return new Promise((resolve, reject) => {
      state.answers.push({ type: answerType, resolve, reject });
      try {
        send(type, payload);
      } catch (error) {
        state.answers.pop();
        reject(error);
      }
    });
  }

  function takeAnswer(type) {
    const index = state.answers.findIndex((waiting) => waiting.type === type);
    return index < 0 ? null : state.answers.splice(index, 1)[0];
  }

  function receive(text) {
    let type;
    let payload;
    try {
      const envelope = JSON.parse(text);
      type = envelope.type;
      payload = JSON.parse(envelope.data);
    } catch (error) {
      showChatError('The server sent something this page cannot read.');
      return;
    }
    const waiting = takeAnswer(type);
    if (waiting) {
      waiting.resolve(payload);
      return;
    }
    switch (type) {
      case 'NotifyUserStatusMes': return presence(payload);
      case 'SmsMes': return groupMessage(payload);
      case 'PrivateSmsMes': return privateMessage(payload);
      case 'SmsResMes': return privateAnswer(payload);
      case 'ErrorResMes': return serverError(payload);
      default: return undefined; // a type from a newer server: nothing to show
    }
  }

  /** The connection ended: try again if logged in, unless the user left or was replaced. */
  function closed(event) {
    for (const waiting of state.answers.splice(0)) {
      waiting.reject(new Error('the connection closed'));
    }
    for (const item of state.sentPrivately.splice(0)) {
      setNote(item, 'not confirmed: the connection closed', 'failed');
    }
    if (state.leaving) {
      state.leaving = false;
      showWelcome('You have logged out.');
      return;
    }
    if (state.loggedIn && state.credentials) {
      const why = event.code === 1013 ? 'the server is full' : 'the connection was lost';
      scheduleReconnect(why);
      return;
    }
    setStatus('not connected', '');
  }

  function scheduleReconnect(why) {
    const delay = Math.min(RETRY_MOST_MS, RETRY_FIRST_MS * 2 ** state.retries);
    state.retries += 1;
    setStatus('reconnecting… (' + why + ')', 'reconnecting');
    clearTimeout(state.retryTimer);
    state.retryTimer = setTimeout(reconnect, delay);
  }

  async function reconnect() {
    if (!state.credentials) {
      return;
    }
    try {
      await openSocket();
      const answer = await login(state.credentials);
      if (answer.code === 200) {
        state.retries = 0;
        enterChat(answer);
      } else if (answer.code === 503 || answer.code === 505 || answer.code === 429) {
        scheduleReconnect(answer.error || 'the server is busy');
      } else {
        leaveChat('Could not log in again: ' + describe(answer));
      }
    } catch (error) {
      if (state.credentials && !state.retryTimer) {
        scheduleReconnect('the server cannot be reached');
      }
    }
  }

  // ---- logging in and out -------------------------------------------------------------------

  function login(credentials) {
    return request('LoginMes', {
      userId: credentials.userId,
      userPwd: credentials.password,
      userName: '',
      features: FEATURES,
    }, 'LoginResMes');
  }

  async function onLogin(event) {
    event.preventDefault();
    const credentials = {
      userId: Number(element('login-id').value),
      password: element('login-password').value,
    };
    setWelcomeMessage('');
    try {
      await openSocket();
      const answer = await login(credentials);
      if (answer.code === 200) {
        state.credentials = credentials;
        element('login-password').value = '';
        enterChat(answer);
      } else {
        setWelcomeMessage('Not logged in: ' + describe(answer));
      }
    } catch (error) {
      setWelcomeMessage('Not logged in: ' + error.message + '.');
    }
  }

  async function onRegister(event) {
    event.preventDefault();
    const user = {
      userId: Number(element('register-id').value),
      userPwd: element('register-password').value,
      userName: element('register-name').value,
    };
    setWelcomeMessage('');
    try {
      await openSocket();
      const answer = await request('RegisterMes', { user }, 'RegisterResMes');
      if (answer.code === 200) {
        element('register-form').reset();
        element('login-id').value = String(user.userId);
        setWelcomeMessage('Registered user ' + user.userId + '. Now log in.');
      } else {
        setWelcomeMessage('Not registered: ' + describe(answer));
      }
    } catch (error) {
      setWelcomeMessage('Not registered: ' + error.message + '.');
    }
  }

  function onLogout() {
    state.credentials = null;
    clearTimeout(state.retryTimer);
    state.retryTimer = null;
    if (!state.socket) {
      showWelcome('You have logged out.');
      return;
    }
    state.leaving = true;
    send('LogoutMes', {}); // the server tells the others and closes the connection
  }

  /** After a login answer with code 200: the room as the server sees it. */
  function enterChat(answer) {
    state.loggedIn = true;
    state.retryTimer = null;
    const userId = state.credentials.userId;
    state.me = { userId, userName: state.names.get(userId) || '' };
    state.online = new Set(answer.UsersId || []);
    state.usersCount = answer.usersCount || state.online.size;
    element('welcome').hidden = true;
    element('chat').hidden = false;
    showChatError('');
    setStatus('connected', 'connected');
    renderOnline();
    lookUpNames([...state.online]);
    element('text').focus();
  }

  function leaveChat(message) {
    state.credentials = null;
    showWelcome(message);
    if (state.socket) {
      state.socket.close();
    }
  }

  function showWelcome(message) {
    state.loggedIn = false;
    state.me = null;
    state.target = null;
    element('chat').hidden = true;
    element('welcome').hidden = false;
    element('messages').replaceChildren();
    setWelcomeMessage(message);
    setStatus('not connected', '');
  }

  // ---- who is online ------------------------------------------------------------------------

  function presence(notice) {
    if (notice.status === 1) {
      if (state.online.delete(notice.userId)) {
        state.usersCount -= 1;
      }
    } else if (!state.online.has(notice.userId)) {
      state.online.add(notice.userId);
      state.usersCount += 1;
      lookUpNames([notice.userId]);
    }
    renderOnline();
  }

  /** Asks the server for the names it does not know yet (FindUserMes, one per user). */
  function lookUpNames(ids) {
    for (const userId of ids) {
      if (state.names.has(userId)) {
        continue;
      }
      state.names.set(userId, ''); // asked: do not ask twice
      findUser(userId).then((answer) => {
        if (answer.code === 200) {
          state.names.set(userId, answer.userName);
          if (state.me && state.me.userId === userId) {
            state.me.userName = answer.userName;
          }
          renderOnline();
        }
      }, () => state.names.delete(userId));
    }
  }

  function findUser(userId) {
    return request('FindUserMes', { userId }, 'FindUserResMes');
  }

  function who(userId) {
    const name = state.names.get(userId);
    return name ? name + ' (' + userId + ')' : 'user ' + userId;
  }

  function renderOnline() {
    const list = element('online-list');
    const items = [...state.online].sort((a, b) => a - b).map((userId) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.userId = String(userId);
      const mine = state.me && state.me.userId === userId;
      button.textContent = who(userId) + (mine ? ' — you' : '');
      button.disabled = mine;
      button.addEventListener('click', () => choose(userId));
      item.append(button);
      return item;
    });
    list.replaceChildren(...items);
    element('online-count').textContent = '(' + state.usersCount + ')';
    if (state.me) {
      element('me').textContent = 'You are ' + who(state.me.userId);
    }
  }

  // ---- messages -----------------------------------------------------------------------------

  function groupMessage(message) {
    state.names.set(message.userId, message.userName);
    addMessage('group', who(message.userId) + ' to everyone', message.content, new Date());
  }

  function privateMessage(message) {
    state.names.set(message.userId, message.userName);
    const sent = message.sentAt ? new Date(message.sentAt) : new Date();
    const item = addMessage('private', who(message.userId) + ' to you', message.content, sent);
    if (message.offline) {
      setNote(item, 'sent while you were away, ' + sent.toLocaleString(), 'kept');
    }
  }

  /** The answer to our oldest private message still waiting for one. */
  function privateAnswer(answer) {
    const item = state.sentPrivately.shift();
    if (!item) {
      return;
    }
    switch (answer.code) {
      case 200: return setNote(item, 'delivered', 'ok');
      case 202: return setNote(item, keptBecause(answer.error), 'kept');
      case 404: return setNote(item, 'not sent: nobody has that user id', 'failed');
      case 429: return setNote(item, 'not sent, too many: ' + answer.error, 'failed');
      default: return setNote(item, 'not sent: ' + describe(answer), 'failed');
    }
  }

  /** Why a message was kept: mostly an offline user; else the server's reason (say, a program that cannot show it). */
  function keptBecause(error) {
    if (!error || / is offline$/.test(error)) {
      return 'kept: they are offline and get it when they next log in';
    }
    return 'kept: ' + error;
  }

  function serverError(error) {
    if (error.code === 409) {
      state.credentials = null; // logged in elsewhere: coming back here would push that one out
      showWelcome('You logged in from somewhere else, so this page was logged out.');
      return;
    }
    showChatError('The server said: ' + describe(error));
  }

  function addMessage(kind, heading, text, when) {
    const item = document.createElement('li');
    item.className = 'message ' + kind;
    const meta = document.createElement('div');
    meta.className = 'meta';
    const time = document.createElement('time');
    time.dateTime = when.toISOString();
    time.textContent = when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const from = document.createElement('span');
    from.className = 'from';
    from.textContent = heading;
    meta.append(time, ' ', from);
    const body = document.createElement('p');
    body.className = 'text';
    body.textContent = text; // text, never HTML
    item.append(meta, body);
    const list = element('messages');
    list.append(item);
    item.scrollIntoView({ block: 'end' });
    return item;
  }

  function setNote(item, text, kind) {
    let note = item.querySelector('.note');
    if (!note) {
      note = document.createElement('p');
      item.append(note);
    }
    note.className = 'note ' + kind;
    note.textContent = text;
  }

  function onSend(event) {
    event.preventDefault();
    const textArea = element('text');
    const content = textArea.value;
    const problem = ChatText.problem(content);
    if (problem) {
      setComposeError('Not sent: ' + problem + '.');
      return;
    }
    if (!state.socket || !state.loggedIn) {
      setComposeError('Not sent: not connected; wait until the chat has reconnected.');
      return;
    }
    setComposeError('');
    if (state.target) {
      send('PrivateSmsMes', { toUserId: state.target.userId, content });
      const item = addMessage('private mine', 'you to ' + who(state.target.userId), content,
        new Date());
      setNote(item, 'sending…', 'pending');
      state.sentPrivately.push(item);
    } else {
      send('SmsMes', { content });
      addMessage('group mine', 'you to everyone', content, new Date());
    }
    textArea.value = '';
  }

  function onKey(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      onSend(event);
    }
  }

  // ---- choosing whom to write to ------------------------------------------------------------

  async function choose(userId) {
    element('target-id').value = String(userId);
    setTargetMessage('Looking up user ' + userId + '…');
    try {
      const answer = await findUser(userId);
      if (answer.code === 200) {
        state.names.set(userId, answer.userName);
        state.target = { userId, userName: answer.userName };
        element('target').textContent = 'Private chat with ' + who(userId);
        setTargetMessage(answer.online
          ? who(userId) + ' is online.'
          : who(userId) + ' is offline: messages are kept until they log in.');
      } else if (answer.code === 404) {
        setTargetMessage('Nobody has user id ' + userId + '.');
      } else {
        setTargetMessage('Cannot look that user up: ' + describe(answer));
      }
    } catch (error) {
      setTargetMessage('Cannot look that user up: ' + error.message + '.');
    }
  }

  function onChoose(event) {
    event.preventDefault();
    const userId = Number(element('target-id').value);
    if (!Number.isInteger(userId) || userId <= 0) {
      setTargetMessage('A user id is a whole number above 0.');
      return;
    }
    if (state.me && userId === state.me.userId) {
      setTargetMessage('That is you.');
      return;
    }
    choose(userId);
  }

  function onEveryone() {
    state.target = null;
    element('target').textContent = 'To everyone';
    element('target-id').value = '';
    setTargetMessage('');
  }

  // ---- what the page says -------------------------------------------------------------------

  /** An answer's code and text, for a person. */
  function describe(answer) {
    const known = {
      400: 'the request was refused',
      401: 'you are not logged in',
      403: 'wrong password',
      409: 'you logged in somewhere else',
      413: 'the message is too large',
      422: 'a field is not valid',
      429: 'too many tries; wait a little',
      500: 'no user has that id',
      503: 'the server is full; try later',
      505: 'the server cannot reach its store; try later',
    };
    const text = answer.error || known[answer.code] || 'unexpected answer';
    return text + ' (' + answer.code + ').';
  }

  function setStatus(text, kind) {
    const status = element('status');
    status.textContent = text;
    status.className = 'status ' + kind;
  }

  function setWelcomeMessage(text) {
    element('welcome-message').textContent = text;
  }

  function showChatError(text) {
    element('chat-error').textContent = text;
  }

  function setComposeError(text) {
    element('compose-error').textContent = text;
  }

  function setTargetMessage(text) {
    element('target-message').textContent = text;
  }

  element('login-form').addEventListener('submit', onLogin);
  element('register-form').addEventListener('submit', onRegister);
  element('logout-button').addEventListener('click', onLogout);
  element('send-form').addEventListener('submit', onSend);
  element('text').addEventListener('keydown', onKey);
  element('target-form').addEventListener('submit', onChoose);
  element('everyone-button').addEventListener('click', onEveryone);
})();
