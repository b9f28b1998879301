// The official openai npm client against Tandem's tool loop (base URL in TANDEM_V1): one answer as JSON, one
// streamed through the SDK's stream helper, which must put the answer together while Tandem's step chunks (no
// choices, a tandem.step) pass by. Prints one JSON object; any exception fails the run (exit code 1).
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: process.env.TANDEM_V1, apiKey: 'any', maxRetries: 0 });
const tandem = { strategy: 'provider-first', tools: ['everything__echo'] };
const messages = [{ role: 'user', content: 'Echo hello, please.' }];

const whole = await client.chat.completions.create({ model: 'tandem', tandem, messages });

const steps = [];
const stream = client.chat.completions.stream({ model: 'tandem', tandem, messages });
stream.on('chunk', (chunk) => { if (chunk.tandem?.step) steps.push(chunk.tandem.step.name); });
const streamed = await stream.finalChatCompletion();

console.log(JSON.stringify({
  whole: { answer: whole.choices[0].message.content, steps: whole.tandem.plan.steps.map((s) => s.name) },
  streamed: { answer: streamed.choices[0].message.content, finishReason: streamed.choices[0].finish_reason, steps },
}));
