// How the process's allocator treats the 13-18 MB buffers of a 4K image.
#pragma once

namespace gptimage::cli {

// Makes large blocks go back to the system as soon as they are freed. Call once, first thing.
void return_large_buffers_when_freed ();

} // namespace gptimage::cli
