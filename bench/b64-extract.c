/* The floor's extraction step: the last "b64_json" string of a saved body, base64-decoded into
 * a file, with as little work and memory as possible.
 *
 *   b64-extract BODY_FILE OUT_FILE
 *   b64-extract --version          (does nothing: the start-up baseline)
 *
 * The last "b64_json" is found from the end, reading 1 MiB blocks backwards (memrchr jumps over
 * the base64 text, which holds no quote), so for an event stream it is the final image of the
 * completed event. The string is then read forwards in 1 MiB blocks and decoded with four
 * 256-entry tables (one per position in a quad, already shifted) into a 1 MiB buffer that is
 * written out as it fills: about 2 MiB of buffers whatever the image size. A JSON escape ("\/")
 * inside the string is skipped. No JSON parser, no validation beyond the base64 alphabet. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IN_BLOCK (1u << 20)
#define OUT_CHUNK (1u << 20)
#define BAD 0xFFFFFFFFu

static uint32_t table[4][256];

static void
init_tables (void)
{
  static const char alphabet[]
      = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int t = 0; t < 4; t++)
    for (int c = 0; c < 256; c++)
      table[t][c] = BAD;
  for (uint32_t v = 0; v < 64; v++)
    {
      unsigned char c = (unsigned char) alphabet[v];
      table[0][c] = v << 18;
      table[1][c] = v << 12;
      table[2][c] = v << 6;
      table[3][c] = v;
    }
}

static int
write_all (int fd, const unsigned char *data, size_t size)
{
  while (size > 0)
    {
      ssize_t n = write (fd, data, size);
      if (n <= 0)
        return -1;
      data += n;
      size -= (size_t) n;
    }
  return 0;
}

struct decoder
{
  int fd;
  unsigned char out[OUT_CHUNK + 4];
  size_t used;
  unsigned char quad[4];
  int q;    /* characters held in quad */
  int done; /* padding seen */
};

/* Decodes the next piece of base64 text. Returns 0, or -1 on a bad byte or a write error. */
static int
decode (struct decoder *d, const unsigned char *p, const unsigned char *end)
{
  while (p < end && !d->done)
    {
      /* Fast path: whole quads while no escape, padding or bad byte shows up. */
      while (d->q == 0 && end - p >= 4 && d->used + 3 <= OUT_CHUNK)
        {
          uint32_t v = table[0][p[0]] | table[1][p[1]] | table[2][p[2]] | table[3][p[3]];
          if (v & 0xFF000000u) /* BAD in any position sets the top byte */
            break;
          d->out[d->used] = (unsigned char) (v >> 16);
          d->out[d->used + 1] = (unsigned char) (v >> 8);
          d->out[d->used + 2] = (unsigned char) v;
          d->used += 3;
          p += 4;
        }
      if (d->used + 3 > OUT_CHUNK)
        {
          if (write_all (d->fd, d->out, d->used) != 0)
            return -1;
          d->used = 0;
          continue;
        }
      if (p >= end)
        break;
      /* Slow path, one byte: escapes, padding, a quad cut by the block's end. */
      unsigned char c = *p++;
      if (c == '\\')
        continue; /* "\/" -> "/" */
      if (c == '=')
        {
          d->done = 1;
          break;
        }
      if (table[3][c] == BAD)
        return -1;
      d->quad[d->q++] = c;
      if (d->q == 4)
        {
          uint32_t v = table[0][d->quad[0]] | table[1][d->quad[1]] | table[2][d->quad[2]]
                       | table[3][d->quad[3]];
          d->out[d->used++] = (unsigned char) (v >> 16);
          d->out[d->used++] = (unsigned char) (v >> 8);
          d->out[d->used++] = (unsigned char) v;
          d->q = 0;
        }
    }
  return 0;
}

/* The last bytes: a quad shortened by padding. */
static int
decode_finish (struct decoder *d)
{
  if (d->q == 1)
    return -1;
  if (d->q >= 2)
    {
      uint32_t v = table[0][d->quad[0]] | table[1][d->quad[1]]
                   | (d->q == 3 ? table[2][d->quad[2]] : 0);
      d->out[d->used++] = (unsigned char) (v >> 16);
      if (d->q == 3)
        d->out[d->used++] = (unsigned char) (v >> 8);
    }
  return write_all (d->fd, d->out, d->used);
}

static unsigned char block[IN_BLOCK + 64];
static struct decoder decoder;

/* The offset just after the opening quote of the last "b64_json" string, or -1. */
static off_t
find_last_value (int fd, off_t size)
{
  static const char key[] = "\"b64_json\"";
  const size_t key_len = sizeof key - 1;
  off_t end = size; /* the block covers [end - n, end), plus up to 63 bytes after it */
  size_t carry = 0; /* bytes after the block kept from the previous one */
  while (end > 0)
    {
      size_t n = end >= IN_BLOCK ? IN_BLOCK : (size_t) end;
      memmove (block + n, block, carry);
      if (pread (fd, block, n, end - (off_t) n) != (ssize_t) n)
        return -1;
      size_t have = n + carry;
      size_t before = have;
      while (before > 0)
        {
          unsigned char *quote = memrchr (block, '"', before);
          if (!quote)
            break;
          size_t at = (size_t) (quote - block);
          if (at + 1 >= key_len && memcmp (quote + 1 - key_len, key, key_len) == 0)
            {
              /* The key; then optional blanks, ':' and the opening quote, within the carry. */
              size_t i = at + 1;
              while (i < have && (block[i] == ' ' || block[i] == '\t' || block[i] == ':'))
                i++;
              if (i < have && block[i] == '"')
                return end - (off_t) n + (off_t) i + 1;
            }
          before = at;
        }
      /* Keep this block's first bytes: a key cut by the block boundary is found next round. */
      carry = have < 63 ? have : 63;
      end -= (off_t) n;
    }
  return -1;
}

int
main (int argc, char **argv)
{
  if (argc == 2 && strcmp (argv[1], "--version") == 0)
    {
      puts ("b64-extract 2");
      return 0;
    }
  if (argc != 3)
    {
      fprintf (stderr, "usage: %s BODY_FILE OUT_FILE\n", argv[0]);
      return 2;
    }
  int in = open (argv[1], O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (in < 0 || fstat (in, &st) != 0)
    {
      perror (argv[1]);
      return 1;
    }
  off_t at = find_last_value (in, st.st_size);
  if (at < 0)
    {
      fprintf (stderr, "%s: no \"b64_json\" string\n", argv[1]);
      return 1;
    }

  init_tables ();
  decoder.fd = open (argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (decoder.fd < 0)
    {
      perror (argv[2]);
      return 1;
    }
  int closed = 0;
  for (;;)
    {
      ssize_t n = pread (in, block, IN_BLOCK, at);
      if (n <= 0)
        break; /* the string was not closed: decode what came */
      unsigned char *quote = memchr (block, '"', (size_t) n);
      if (decode (&decoder, block, quote ? quote : block + n) != 0)
        {
          fprintf (stderr, "%s: bad base64 or write error\n", argv[2]);
          return 1;
        }
      if (quote)
        {
          closed = 1;
          break;
        }
      at += n;
    }
  if (!closed || decode_finish (&decoder) != 0 || close (decoder.fd) != 0)
    {
      fprintf (stderr, "%s: unterminated string, bad base64 or write error\n", argv[2]);
      return 1;
    }
  return 0;
}
