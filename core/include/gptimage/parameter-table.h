// THE parameter table: every parameter is declared here once, in the order it is sent.
//
// Like GEGL's property declarations, this file is included several times with different
// definitions of the three row macros (so it has no include guard):
//   GPT_IMAGE_SETTING (id, storage, ...)  a field of Settings (connection and models)
//   GPT_IMAGE_OPTION (id, storage, ...)   a field of ImageOptions (what a request carries)
//   GPT_IMAGE_INPUT (id, storage, ...)    a value the route parameters hold (the prompt...)
// From the rows come: configuration loading, validation, the request fields of the three
// routes, the CLI's options and --help, and the GIMP procedures' arguments and dialog choices.
// `storage` is text (std::string, empty = unset), number (std::optional<int>) or flag (bool).
// The ... are ParameterSpec's fields (gptimage/parameter.h) in declaration order.
// Per-model rules are not here: `per_model` names which capability of gptimage/models.h
// narrows the row's choices.
//
// Facts: shared/docs/openai-images-api.md (fields, values, limits). Lengths of identifiers and
// connection settings are our own bounds (kMaxIdChars), not the API's: they keep a pasted file
// out of a header or a field.

// ---- connection ------------------------------------------------------------------------------
GPT_IMAGE_SETTING (api_key, text,
  .cli = "api-key", .key = "OPENAI_API_KEY", .metavar = "KEY", .max = 4 * kMaxIdChars,
  .secret = true, .header = true,
  .blurb = N_ ("API key; prefer OPENAI_API_KEY, which other users cannot see"))
GPT_IMAGE_SETTING (base_url, text,
  .cli = "base-url", .gimp = "base-url", .key = "OPENAI_BASE_URL",
  .fallback = "https://api.openai.com/v1", .metavar = "URL", .max = 8 * kMaxIdChars,
  .blurb = N_ ("API base URL; any OpenAI-compatible endpoint"))
GPT_IMAGE_SETTING (organization, text,
  .cli = "organization", .gimp = "organization", .key = "OPENAI_ORGANIZATION", .metavar = "ID",
  .max = kMaxIdChars, .header = true,
  .blurb = N_ ("OpenAI-Organization header"))
GPT_IMAGE_SETTING (project, text,
  .cli = "project", .gimp = "project", .key = "OPENAI_PROJECT", .metavar = "ID",
  .max = kMaxIdChars, .header = true,
  .blurb = N_ ("OpenAI-Project header"))
GPT_IMAGE_SETTING (timeout, number,
  .cli = "timeout", .gimp = "timeout", .key = "OPENAI_IMAGE_TIMEOUT", .fallback = "300", .metavar = "SECONDS",
  .min = 1, .max = 86400,
  .blurb = N_ ("Seconds per attempt"))
GPT_IMAGE_SETTING (max_retries, number,
  .cli = "max-retries", .key = "OPENAI_IMAGE_MAX_RETRIES", .fallback = "2", .metavar = "N",
  .min = 0, .max = 10,
  .blurb = N_ ("Retries for rate limits and server errors"))
// Proxy and trust: how they are chosen is gptimage/proxy-choice.h and gptimage/tls-trust.h.
GPT_IMAGE_SETTING (proxy, text,
  .cli = "proxy", .gimp = "proxy", .key = "OPENAI_IMAGE_PROXY", .metavar = "URL",
  .max = 8 * kMaxIdChars,
  .blurb = N_ ("HTTP proxy, http://HOST:PORT; unset: https_proxy, http_proxy or all_proxy"))
GPT_IMAGE_SETTING (ca_bundle, text,
  .cli = "ca-bundle", .gimp = "ca-bundle", .key = "OPENAI_IMAGE_CA_BUNDLE", .metavar = "FILE",
  .max = 16 * kMaxIdChars,
  .blurb = N_ ("PEM file of the certificate authorities to trust instead of the system's"))

// ---- the plug-in's own ------------------------------------------------------------------------
// Where the plug-in saves every result as it arrives (the bytes as sent, and a .json sidecar
// with its provenance): unset or "default": gpt-image in the Pictures folder; "off": nowhere.
// (results-folder.h). The CLI writes where it is told and has no such folder.
GPT_IMAGE_SETTING (results_folder, text,
  .gimp = "results-folder", .key = "OPENAI_IMAGE_RESULTS_FOLDER", .metavar = "FOLDER",
  .max = 16 * kMaxIdChars,
  .blurb = N_ ("Folder for every result as it arrives; default: gpt-image in Pictures; off: "
               "none"))
// Interactive plug-in runs whose estimate (cost.h) is above this many US dollars ask before
// sending; unset: never ask. Scripts and the CLI never ask (cost-confirmation.h).
GPT_IMAGE_SETTING (confirm_above, text,
  .gimp = "confirm-above", .key = "OPENAI_IMAGE_CONFIRM_ABOVE", .metavar = "DOLLARS",
  .max = 32,
  .blurb = N_ ("Ask before sending a run estimated above this many US dollars; unset: never"))

// ---- models ----------------------------------------------------------------------------------
GPT_IMAGE_SETTING (image_model, text,
  .api = "model", .cli = "model", .gimp = "model", .key = "OPENAI_IMAGE_MODEL",
  .fallback = "gpt-image-2", .metavar = "MODEL", .max = kMaxIdChars, .routes = kImagesRoutes,
  .blurb = N_ ("Image model"),
  .label = N_ ("Model"))
GPT_IMAGE_SETTING (responses_model, text,
  .api = "model", .cli = "model", .gimp = "model", .key = "OPENAI_RESPONSES_MODEL",
  .fallback = "gpt-5.4", .metavar = "MODEL", .max = kMaxIdChars, .routes = kResponsesRoute,
  .blurb = N_ ("Top-level Responses model (a text model, never a GPT image model)"),
  .label = N_ ("Model"))
GPT_IMAGE_SETTING (tool_model, text,
  .api = "model", .cli = "tool-model", .gimp = "tool-model", .key = "OPENAI_IMAGE_TOOL_MODEL",
  .metavar = "MODEL", .max = kMaxIdChars, .routes = kResponsesRoute, .place = Place::tool,
  .blurb = N_ ("Model of the image_generation tool; unset: gpt-image-2 rules apply"),
  .label = N_ ("Tool model"))

// ---- what to make ----------------------------------------------------------------------------
GPT_IMAGE_INPUT (prompt, text,
  .api = "prompt", .cli = "prompt", .gimp = "prompt", .metavar = "TEXT", .max = 32000,
  .routes = kAllRoutes,
  .blurb = N_ ("What to generate or change (up to 32,000 characters)"),
  .label = N_ ("Prompt"))

// ---- image options, in the order the Images routes send them --------------------------------
GPT_IMAGE_OPTION (n, number,
  .api = "n", .cli = "n", .gimp = "n", .key = "OPENAI_IMAGE_N", .fallback = "1",
  .metavar = "N", .min = 1, .max = 10, .routes = kImagesRoutes,
  .blurb = N_ ("Number of images"),
  .label = N_ ("Images"))
GPT_IMAGE_OPTION (size, text,
  .api = "size", .cli = "size", .gimp = "size", .key = "OPENAI_IMAGE_SIZE", .fallback = "auto",
  .metavar = "SIZE", .per_model = ModelRule::size, .place = Place::tool,
  .blurb = N_ ("auto or WIDTHxHEIGHT, e.g. 1536x1024"),
  .label = N_ ("Size"),
  // Popular sizes (the image generation guide); any WIDTHxHEIGHT the model accepts can be typed.
  .examples = "auto|1024x1024|1536x1024|1024x1536|2048x2048|2048x1152|3840x2160|2160x3840")
GPT_IMAGE_OPTION (quality, text,
  .api = "quality", .cli = "quality", .gimp = "quality", .key = "OPENAI_IMAGE_QUALITY",
  // GIMP shows its default: auto, the API's own, never a hidden "high" from the configuration.
  .fallback = "high", .gimp_fallback = "auto", .choices = "low|medium|high|xhigh|max|auto",
  .per_model = ModelRule::quality, .place = Place::tool,
  .blurb = N_ ("Rendering quality"),
  .label = N_ ("Quality"), .labels = N_ ("Low|Medium|High|Extra high|Maximum|Auto"))
GPT_IMAGE_OPTION (output_format, text,
  .api = "output_format", .cli = "format", .gimp = "output-format",
  .key = "OPENAI_IMAGE_FORMAT", .fallback = "webp",
  // GIMP decodes results into layers: lossless PNG is the natural default there.
  .gimp_fallback = "png", .choices = "png|jpeg|webp", .place = Place::tool,
  .blurb = N_ ("Format the API returns"),
  .label = N_ ("Output format"))
GPT_IMAGE_OPTION (background, text,
  .api = "background", .cli = "background", .gimp = "background",
  .key = "OPENAI_IMAGE_BACKGROUND", .choices = "transparent|opaque|auto",
  .per_model = ModelRule::transparent_background, .place = Place::tool,
  .blurb = N_ ("transparent needs png or webp output"),
  .label = N_ ("Background"), .labels = N_ ("Transparent|Opaque|Auto"))
GPT_IMAGE_OPTION (output_compression, number,
  .api = "output_compression", .cli = "compression", .gimp = "compression",
  .key = "OPENAI_IMAGE_COMPRESSION", .metavar = "PERCENT", .min = 0, .max = 100,
  .place = Place::tool,
  .blurb = N_ ("Compression for jpeg and webp output"),
  .label = N_ ("Compression"))
// The edits form (CreateImageEditRequest) has no moderation field.
GPT_IMAGE_OPTION (moderation, text,
  .api = "moderation", .cli = "moderation", .gimp = "moderation",
  .key = "OPENAI_IMAGE_MODERATION", .choices = "low|auto",
  .routes = kGenerationsRoute | kResponsesRoute, .place = Place::tool,
  .blurb = N_ ("Content moderation strictness"),
  .label = N_ ("Moderation"), .labels = N_ ("Low|Auto"))
GPT_IMAGE_OPTION (user, text,
  .api = "user", .cli = "user", .key = "OPENAI_IMAGE_USER", .metavar = "ID", .max = kMaxIdChars,
  .blurb = N_ ("End-user id for abuse monitoring"))
GPT_IMAGE_OPTION (response_format, text,
  .api = "response_format", .cli = "response-format", .key = "OPENAI_IMAGE_RESPONSE_FORMAT",
  .choices = "url|b64_json", .per_model = ModelRule::not_gpt_image, .routes = kImagesRoutes,
  .blurb = N_ ("Not for GPT image models, which always return base64"))
GPT_IMAGE_OPTION (input_fidelity, text,
  .api = "input_fidelity", .cli = "input-fidelity", .key = "OPENAI_IMAGE_INPUT_FIDELITY",
  .choices = "high|low", .per_model = ModelRule::input_fidelity,
  .routes = kEditsRoute | kResponsesRoute, .place = Place::tool,
  .blurb = N_ ("How closely the input images are kept"))
GPT_IMAGE_OPTION (complexity, text,
  .api = "complexity", .cli = "complexity", .gimp = "complexity",
  .key = "OPENAI_IMAGE_COMPLEXITY", .choices = "low|medium|high",
  .per_model = ModelRule::complexity, .place = Place::tool,
  .blurb = N_ ("Scene complexity; the API assumes high when unset"),
  .label = N_ ("Complexity"), .labels = N_ ("Low|Medium|High"))
GPT_IMAGE_OPTION (partial_images, number,
  .api = "partial_images", .cli = "partial-images", .gimp = "partial-images",
  .key = "OPENAI_IMAGE_PARTIAL_IMAGES", .metavar = "N", .min = 0, .max = 3,
  .place = Place::tool,
  .blurb = N_ ("Streamed previews; needs streaming"),
  .label = N_ ("Partial images"))
GPT_IMAGE_OPTION (stream, flag,
  .api = "stream", .cli = "stream", .key = "OPENAI_IMAGE_STREAM", .fallback = "false",
  .blurb = N_ ("Stream the response (SSE) and keep the partial images"))

// ---- the edits form --------------------------------------------------------------------------
GPT_IMAGE_INPUT (image_field_style, text,
  .cli = "image-field-style", .fallback = "brackets", .metavar = "STYLE",
  .choices = "simple|brackets|indexed", .routes = kEditsRoute,
  .blurb = N_ ("Multipart field name of the images: image, image[] or image[0], image[1]…"))

// ---- the Responses route ---------------------------------------------------------------------
GPT_IMAGE_OPTION (action, text,
  .api = "action", .cli = "action", .gimp = "action", .choices = "auto|generate|edit",
  .routes = kResponsesRoute, .place = Place::tool,
  .blurb = N_ ("Whether the tool generates or edits"),
  .label = N_ ("Action"), .labels = N_ ("Auto|Generate|Edit"))
GPT_IMAGE_OPTION (tool_choice, text,
  .api = "tool_choice", .cli = "tool-choice", .key = "OPENAI_IMAGE_TOOL_CHOICE",
  .metavar = "CHOICE", .choices = "auto|required|none|image_generation",
  .routes = kResponsesRoute, .json_object = true,
  .blurb = N_ ("Which tool the model must use (default image_generation)"))
// In GIMP an empty id continues the image's conversation: "none" starts a new one.
GPT_IMAGE_OPTION (previous_response_id, text,
  .api = "previous_response_id", .cli = "previous-response-id", .gimp = "previous-response-id",
  .gimp_none = "none", .metavar = "ID", .max = kMaxIdChars, .routes = kResponsesRoute,
  .blurb = N_ ("Continue from this response"),
  .label = N_ ("Previous response id"))
GPT_IMAGE_OPTION (metadata, text,
  .api = "metadata", .cli = "metadata-json", .metavar = "JSON", .routes = kResponsesRoute,
  .json_object = true,
  .blurb = N_ ("Metadata as a JSON object: at most 16 string values"))
