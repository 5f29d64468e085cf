/** Pictures: image grids as PNG and training curves as charts. */
package dev.vaekit.viz;
