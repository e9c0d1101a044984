/**
 * 朗读: reads a page's main facts aloud with the phone's own speech (speechSynthesis, zh-CN), for residents who find
 * small print hard. Hidden where the browser has no speech.
 */
import { useEffect, useState } from 'react';

const canSpeak = () => typeof window !== 'undefined' && 'speechSynthesis' in window && typeof SpeechSynthesisUtterance !== 'undefined';

export function ReadAloud({ text }: { text: string }) {
  const [speaking, setSpeaking] = useState(false);
  useEffect(() => () => {
    if (canSpeak()) window.speechSynthesis.cancel();
  }, []);
  if (!canSpeak()) return null;
  const toggle = () => {
    const synth = window.speechSynthesis;
    if (speaking) {
      synth.cancel();
      setSpeaking(false);
      return;
    }
    const u = new SpeechSynthesisUtterance(text);
    u.lang = 'zh-CN';
    u.rate = 0.9;
    u.onend = () => setSpeaking(false);
    u.onerror = () => setSpeaking(false);
    synth.cancel();
    synth.speak(u);
    setSpeaking(true);
  };
  return (
    <button type="button" className="btn" onClick={toggle} aria-pressed={speaking}>
      {speaking ? '停止朗读' : '朗读本页要点'}
    </button>
  );
}
