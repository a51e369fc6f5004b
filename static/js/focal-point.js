// The focal-point picker of the image form: click the subject of the picture, or move the
// marker with the arrow keys; the two number fields below (which work without this script)
// get the point as fractions of the width and height. Outlines show the 16:9 card and the
// 1:1 thumbnail crops, cut the way media/images.py crop_box cuts them.
"use strict";

(function () {
  const STEP = 0.01;
  const BIG_STEP = 0.1;
  const ARROWS = {
    ArrowLeft: [-1, 0],
    ArrowRight: [1, 0],
    ArrowUp: [0, -1],
    ArrowDown: [0, 1],
  };

  function clamp(value) {
    return Math.min(1, Math.max(0, value));
  }

  function read(input) {
    const value = parseFloat(input.value);
    return Number.isFinite(value) ? clamp(value) : 0.5;
  }

  // The same window as crop_box: the largest of the ratio, centred on the point, kept inside.
  function cropWindow(width, height, ratioAcross, ratioDown, x, y) {
    let across = width;
    let down = height;
    if (width * ratioDown > height * ratioAcross) {
      across = (height * ratioAcross) / ratioDown;
    } else {
      down = (width * ratioDown) / ratioAcross;
    }
    const left = Math.min(Math.max(0, x * width - across / 2), width - across);
    const top = Math.min(Math.max(0, y * height - down / 2), height - down);
    return {
      left: left / width,
      top: top / height,
      width: across / width,
      height: down / height,
    };
  }

  function percent(fraction) {
    return (fraction * 100).toFixed(2) + "%";
  }

  function setUp(picker) {
    const inputX = document.getElementById(picker.dataset.inputX);
    const inputY = document.getElementById(picker.dataset.inputY);
    if (!inputX || !inputY) {
      return; // a view-only form: nothing to write to
    }
    const picture = picker.querySelector(".focal-picker__picture");
    const marker = picker.querySelector(".focal-picker__marker");
    const label = picker.querySelector(".focal-picker__label");
    const status = picker.querySelector(".focal-picker__status");
    const crops = picker.querySelectorAll(".focal-picker__crop");
    const width = Number(picture.getAttribute("width")) || 1;
    const height = Number(picture.getAttribute("height")) || 1;

    function describe(x, y) {
      return interpolate(
        gettext("Focal point: %(across)s across, %(down)s down."),
        { across: Math.round(x * 100) + "%", down: Math.round(y * 100) + "%" },
        true,
      );
    }

    function show(announce) {
      const x = read(inputX);
      const y = read(inputY);
      marker.style.left = percent(x);
      marker.style.top = percent(y);
      label.textContent = describe(x, y);
      crops.forEach(function (crop) {
        const ratio = crop.dataset.ratio.split(":").map(Number);
        const box = cropWindow(width, height, ratio[0], ratio[1], x, y);
        crop.style.left = percent(box.left);
        crop.style.top = percent(box.top);
        crop.style.width = percent(box.width);
        crop.style.height = percent(box.height);
      });
      if (announce) {
        status.textContent = describe(x, y);
      }
    }

    function write(x, y) {
      inputX.value = clamp(x).toFixed(3);
      inputY.value = clamp(y).toFixed(3);
      // As if typed: the leave-page warning (unsaved-changes.js) notices the change.
      [inputX, inputY].forEach(function (input) {
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
      show(true);
    }

    picture.addEventListener("click", function (event) {
      const box = picture.getBoundingClientRect();
      write((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
      marker.focus();
    });
    marker.addEventListener("keydown", function (event) {
      const direction = ARROWS[event.key];
      if (!direction) {
        return;
      }
      event.preventDefault();
      const step = event.shiftKey ? BIG_STEP : STEP;
      write(read(inputX) + direction[0] * step, read(inputY) + direction[1] * step);
    });
    [inputX, inputY].forEach(function (input) {
      input.addEventListener("input", function (event) {
        if (event.isTrusted) {
          show(false);
        }
      });
    });
    picker.hidden = false;
    show(false);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-focal-picker]").forEach(setUp);
  });
})();
