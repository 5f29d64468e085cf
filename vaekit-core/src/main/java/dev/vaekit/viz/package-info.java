/** Pictures: image grids as PNG, titled panels side by side, and training curves as charts. */
package dev.vaekit.viz;
