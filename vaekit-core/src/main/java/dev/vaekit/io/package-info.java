/** Files: configs as JSON/YAML, run folders and checkpoints (safetensors + manifest), atomic writes. */
package dev.vaekit.io;
