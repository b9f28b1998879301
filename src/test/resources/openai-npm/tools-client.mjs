// The official openai npm client against Tandem's /v1 (base URL in TANDEM_V1): a tool round trip run by the SDK's
// runTools helper, streamed tool calls put together by its stream helper, and a json_schema answer parsed by
// parse(). Prints one JSON object with what each returned; any exception fails the run (exit code 1).
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: process.env.TANDEM_V1, apiKey: 'any', maxRetries: 0 });
const tandem = { strategy: 'provider-first', retrieve: false };
const weather = {
  type: 'object',
  properties: { city: { type: 'string' }, days: { type: 'integer' } },
  required: ['city'],
};
const results = {};

const calledWith = [];
const runner = client.chat.completions.runTools({
  model: 'tandem',
  tandem,
  messages: [{ role: 'user', content: 'What is the weather in Oslo?' }],
  tools: [{
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'The forecast for a city',
      parameters: weather,
      parse: JSON.parse,
      function: async (args) => { calledWith.push(args); return { forecast: 'rain' }; },
    },
  }],
});
results.roundTrip = { answer: await runner.finalContent(), calledWith };

const stream = client.chat.completions.stream({
  model: 'tandem',
  tandem,
  stream_options: { include_usage: true },
  messages: [{ role: 'user', content: 'What is the weather in Oslo?' }],
  tools: [{ type: 'function', function: { name: 'get_weather', parameters: weather } }],
});
const streamed = await stream.finalChatCompletion();
results.streamed = {
  finishReason: streamed.choices[0].finish_reason,
  toolCalls: streamed.choices[0].message.tool_calls,
  model: streamed.model,
};

const parsed = await client.chat.completions.parse({
  model: 'tandem',
  tandem,
  messages: [{ role: 'user', content: 'Capital of France?' }],
  response_format: {
    type: 'json_schema',
    json_schema: {
      name: 'capital', strict: true,
      schema: { type: 'object', properties: { capital: { type: 'string' } }, required: ['capital'],
        additionalProperties: false },
    },
  },
});
results.parsed = parsed.choices[0].message.parsed;

try {
  await client.chat.completions.create({ model: 'gpt-nonexistent', messages: [{ role: 'user', content: 'Hi' }] });
  results.unknownModel = 'no error';
} catch (e) {
  results.unknownModel = { status: e.status, code: e.code, type: e.type, notFound: e instanceof OpenAI.NotFoundError };
}

console.log(JSON.stringify(results));
