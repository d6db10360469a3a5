/* Runs one or more commands one after the other and reports their wall time and peak RSS.
 *
 *   runstat [-t SECONDS] [-o LOG] -- CMD ARG... [--- CMD ARG...]...
 *
 * Prints one line: "wall_ms=W maxrss_kb=R status=S". W is the wall time from before the first
 * fork to after the last wait4 (CLOCK_MONOTONIC). R is the largest ru_maxrss that wait4 gave
 * for any of the commands (the kernel's high-water mark of the process and of the children it
 * waited for). S is 0, or the first non-zero exit status (128+N for signal N, 124 on timeout).
 * stdin is /dev/null; stdout and stderr go to LOG (else /dev/null).
 *
 * A small C program on purpose: with fork, a child's ru_maxrss starts at the RSS of the parent
 * it was copied from, so the measuring parent must be smaller than anything measured (this one
 * is about 1 MB; a Python driver forking directly would be 10+ MB).
 *
 * Nothing outlives an interrupted benchmark: runstat gets SIGTERM when its parent dies, and the
 * command it runs gets SIGKILL when runstat dies (PR_SET_PDEATHSIG). The command stays in
 * runstat's process group, so Ctrl-C reaches it too. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t timed_out;

static void
on_alarm (int sig)
{
  (void) sig;
  timed_out = 1;
}

static double
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec / 1e6;
}

int
main (int argc, char **argv)
{
  int timeout = 600;
  const char *log = "/dev/null";
  int i = 1;
  for (; i < argc && strcmp (argv[i], "--") != 0; i++)
    {
      if (strcmp (argv[i], "-t") == 0 && i + 1 < argc)
        timeout = atoi (argv[++i]);
      else if (strcmp (argv[i], "-o") == 0 && i + 1 < argc)
        log = argv[++i];
      else
        {
          fprintf (stderr, "usage: runstat [-t SECONDS] [-o LOG] -- CMD ARG... [--- CMD ARG...]\n");
          return 2;
        }
    }
  if (i + 1 >= argc)
    {
      fprintf (stderr, "runstat: no command\n");
      return 2;
    }
  i++;

  pid_t parent = getppid ();
  if (prctl (PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid () != parent)
    return 1; /* the parent is gone already */

  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm; /* no SA_RESTART: wait4 returns EINTR */
  sigaction (SIGALRM, &sa, NULL);
  alarm ((unsigned) timeout);

  long maxrss = 0;
  int status_out = 0;
  double start = now_ms ();
  while (i < argc && status_out == 0)
    {
      int first = i;
      while (i < argc && strcmp (argv[i], "---") != 0)
        i++;
      argv[i < argc ? i : argc] = NULL; /* argv[argc] is NULL already */
      i++;

      pid_t me = getpid ();
      pid_t pid = fork ();
      if (pid < 0)
        {
          perror ("fork");
          return 1;
        }
      if (pid == 0)
        {
          if (prctl (PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid () != me)
            _exit (126);
          int in = open ("/dev/null", O_RDONLY);
          int out = open (log, O_WRONLY | O_CREAT | O_APPEND, 0644);
          if (in < 0 || out < 0)
            _exit (126);
          dup2 (in, 0);
          dup2 (out, 1);
          dup2 (out, 2);
          execvp (argv[first], argv + first);
          fprintf (stderr, "runstat: %s: %s\n", argv[first], strerror (errno));
          _exit (127);
        }
      int status = 0;
      struct rusage ru;
      memset (&ru, 0, sizeof ru);
      while (wait4 (pid, &status, 0, &ru) < 0)
        {
          if (errno != EINTR)
            {
              perror ("wait4");
              return 1;
            }
          if (timed_out)
            kill (pid, SIGKILL);
        }
      if (ru.ru_maxrss > maxrss)
        maxrss = ru.ru_maxrss;
      if (timed_out)
        status_out = 124;
      else if (WIFEXITED (status))
        status_out = WEXITSTATUS (status);
      else if (WIFSIGNALED (status))
        status_out = 128 + WTERMSIG (status);
    }
  double wall = now_ms () - start;
  printf ("wall_ms=%.3f maxrss_kb=%ld status=%d\n", wall, maxrss, status_out);
  return 0;
}
