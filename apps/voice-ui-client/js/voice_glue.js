// Browser voice for the WASM UI: speech synthesis and recognition for the
// local demo agent, and the Ultravox SDK (bundled at build time into
// /pkg/ultravox-sdk.js, loaded only when a call uses Ultravox).
// Rust binds these functions with wasm-bindgen (src/call/glue.rs).

let session = null;
let recognition = null;

export function speak(text) {
  if (!('speechSynthesis' in window)) return false;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = 'en-GB';
  window.speechSynthesis.speak(utterance);
  return true;
}

export function stopSpeaking() {
  if ('speechSynthesis' in window) window.speechSynthesis.cancel();
}

export function hasRecognition() {
  return Boolean(window.SpeechRecognition || window.webkitSpeechRecognition);
}

// Listens until stopped; each final phrase goes to onText, the end (or an
// error name) to onEnd.
export function startRecognition(onText, onEnd) {
  const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
  if (!Recognition) return false;
  stopRecognition();
  const r = new Recognition();
  r.lang = 'en-GB';
  r.continuous = true;
  r.interimResults = false;
  r.onresult = (e) => {
    for (let i = e.resultIndex; i < e.results.length; i++) {
      if (e.results[i].isFinal) onText(e.results[i][0].transcript);
    }
  };
  r.onerror = (e) => onEnd(String(e.error || 'error'));
  r.onend = () => onEnd('');
  try {
    r.start();
  } catch (e) {
    onEnd(String(e));
    return false;
  }
  recognition = r;
  return true;
}

export function stopRecognition() {
  if (!recognition) return;
  const r = recognition;
  recognition = null;
  r.onend = null;
  r.onerror = null;
  try { r.stop(); } catch (_) { /* already stopped */ }
}

// Joins an Ultravox call. onStatus gets the SDK status names, onTranscripts
// a JSON array of {ordinal, speaker, text, isFinal}, onEnd is called once
// the call is disconnected.
export async function ultravoxJoin(joinUrl, sdkUrl, onStatus, onTranscripts, onEnd) {
  const { UltravoxSession } = await import(sdkUrl);
  await ultravoxLeave();
  const s = new UltravoxSession();
  session = s;
  s.addEventListener('status', () => {
    onStatus(String(s.status));
    if (s.status === 'disconnected') onEnd();
  });
  s.addEventListener('transcripts', () => {
    const lines = s.transcripts.map((t, i) => ({
      ordinal: typeof t.ordinal === 'number' ? t.ordinal : i,
      speaker: t.speaker,
      text: t.text,
      isFinal: Boolean(t.isFinal),
    }));
    onTranscripts(JSON.stringify(lines));
  });
  s.joinCall(joinUrl, 'voice-ui-client');
}

export async function ultravoxLeave() {
  if (!session) return;
  const s = session;
  session = null;
  try { await s.leaveCall(); } catch (_) { /* already gone */ }
}

export function ultravoxMute(muted) {
  if (!session) return;
  if (muted) session.muteMic(); else session.unmuteMic();
}

export function ultravoxSendText(text) {
  if (session) session.sendText(text);
}
