// The benchmark's Node.js client: OpenAI's official SDK, as its README shows it.
//
//   node client.mjs SIZE OUTPUT [stream]
//
// OPENAI_BASE_URL and OPENAI_API_KEY come from the environment (the SDK reads both). Writes
// the final image to OUTPUT and, when streaming, each partial image to OUTPUT's name with
// "-N-partial" before the extension (N = partial_image_index + 1), as gpt-image names them.
import { writeFile } from 'node:fs/promises';
import OpenAI from 'openai';

const [size, output, mode] = process.argv.slice(2);
if (!size || !output) {
  console.error('usage: node client.mjs SIZE OUTPUT [stream]');
  process.exit(2);
}
const partialPath = (n) => output.replace(/(\.[^./]*)?$/, (ext) => `-${n}-partial${ext}`);

const client = new OpenAI({ maxRetries: 0 });
const params = {
  model: 'gpt-image-2',
  prompt: 'x',
  n: 1,
  size,
  quality: 'high',
  output_format: 'png',
};

if (mode === 'stream') {
  const stream = await client.images.generate({ ...params, stream: true, partial_images: 3 });
  let final = false;
  for await (const event of stream) {
    if (event.type === 'image_generation.partial_image') {
      await writeFile(partialPath(event.partial_image_index + 1), Buffer.from(event.b64_json, 'base64'));
    } else if (event.type === 'image_generation.completed') {
      await writeFile(output, Buffer.from(event.b64_json, 'base64'));
      final = true;
    }
  }
  if (!final) {
    console.error('no image_generation.completed event');
    process.exit(1);
  }
} else {
  const response = await client.images.generate(params);
  await writeFile(output, Buffer.from(response.data[0].b64_json, 'base64'));
}
