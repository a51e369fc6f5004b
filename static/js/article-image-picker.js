// Pictures from the library in the article body.
//
// An editor extension (django-prose-editor loads this module, see DJANGO_PROSE_EDITOR_EXTENSIONS
// in the settings): the body keeps a library picture as <figure data-image="123"></figure>,
// which the public page fills in with the picture's renditions, caption and credit
// (articles/inline_images.py). The editor's figure button opens the picker, a <dialog> in
// the article form's page (templates/admin/articles/article/image_picker.html) that lists
// the pictures the writer may use (search, pages) and uploads a new one in place.
import { Node, mergeAttributes } from "django-prose-editor/editor";

const PICKER_ID = "inline-image-picker";

function pickerDialog() {
  return document.getElementById(PICKER_ID);
}

// The figures of a body are looked up together: one request for all the pictures the
// editor shows at once, each picture asked once per page.
const known = new Map();
let waiting = new Map();

function lookUp(id) {
  if (known.has(id)) return known.get(id);
  const dialog = pickerDialog();
  const promise = new Promise((resolve) => {
    waiting.set(id, resolve);
    if (waiting.size === 1) setTimeout(() => askForWaiting(dialog), 0);
  });
  known.set(id, promise);
  return promise;
}

function askForWaiting(dialog) {
  const batch = waiting;
  waiting = new Map();
  const ids = Array.from(batch.keys());
  const answer = dialog
    ? fetch(dialog.dataset.pickerUrl + "?ids=" + ids.join(","), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      }).then((response) => (response.ok ? response.json() : { images: [] }))
    : Promise.resolve({ images: [] });
  answer
    .catch(() => ({ images: [] }))
    .then((data) => {
      const byId = new Map(data.images.map((image) => [String(image.id), image]));
      for (const [id, resolve] of batch) resolve(byId.get(id) || null);
    });
}

function describe(element, image, id) {
  element.textContent = "";
  const dialog = pickerDialog();
  if (image && image.thumbnail) {
    const img = document.createElement("img");
    img.src = image.thumbnail;
    img.alt = image.alt_text;
    if (image.width) {
      img.width = image.width;
      img.height = image.height;
    }
    element.append(img);
  }
  const caption = document.createElement("figcaption");
  if (image) {
    const parts = [image.caption || image.alt_text, image.credit].filter(Boolean);
    if (image.processing && dialog) parts.push(dialog.dataset.processingLabel);
    caption.textContent = parts.join(" · ");
  } else if (dialog) {
    caption.textContent = dialog.dataset.missingLabel.replace("%s", id);
  }
  element.append(caption);
}

export const LibraryFigure = Node.create({
  name: "libraryFigure",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      image: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-image"),
        renderHTML: (attributes) => ({ "data-image": attributes.image }),
      },
    };
  },

  parseHTML() {
    // Before the Figure extension's rule for any <figure>.
    return [{ tag: "figure[data-image]", priority: 100 }];
  },

  renderHTML({ HTMLAttributes }) {
    return ["figure", mergeAttributes(HTMLAttributes)];
  },

  addNodeView() {
    return ({ node }) => {
      const dom = document.createElement("figure");
      dom.className = "library-figure";
      dom.contentEditable = "false";
      dom.dataset.image = node.attrs.image;
      describe(dom, null, node.attrs.image);
      lookUp(String(node.attrs.image)).then((image) => describe(dom, image, node.attrs.image));
      return { dom };
    };
  },

  addCommands() {
    return {
      insertLibraryFigure:
        (image) =>
        ({ commands }) => {
          known.set(String(image.id), Promise.resolve(image));
          return commands.insertContent({
            type: this.name,
            attrs: { image: String(image.id) },
          });
        },
      openImagePicker:
        () =>
        ({ editor }) => {
          const dialog = pickerDialog();
          if (!dialog) return false;
          openPicker(dialog, editor);
          return true;
        },
    };
  },

  addMenuItems({ buttons, menu }) {
    // Replaces the editor's own figure button (which asks for an image address).
    const dialog = pickerDialog();
    const label = dialog ? dialog.dataset.buttonLabel : "figure";
    menu.defineItem({
      name: "figure",
      groups: "nodes",
      button: buttons.material("image", label),
      command(editor) {
        editor.commands.openImagePicker();
      },
      enabled(editor) {
        return Boolean(pickerDialog()) && editor.isEditable;
      },
    });
  },
});

// The picker dialog.

let currentEditor = null;
let currentPage = 1;

function openPicker(dialog, editor) {
  currentEditor = editor;
  setUp(dialog);
  clearUploadErrors(dialog);
  dialog.showModal();
  dialog.querySelector("input[type=search]").focus();
  search(dialog, 1);
}

function choose(dialog, image) {
  dialog.close();
  if (currentEditor) {
    currentEditor.chain().focus().insertLibraryFigure(image).run();
  }
}

function setUp(dialog) {
  if (dialog.dataset.ready) return;
  dialog.dataset.ready = "1";
  dialog.querySelector("[data-picker-search]").addEventListener("submit", (event) => {
    event.preventDefault();
    search(dialog, 1);
  });
  dialog.querySelector("[data-picker-previous]").addEventListener("click", () => {
    search(dialog, currentPage - 1);
  });
  dialog.querySelector("[data-picker-next]").addEventListener("click", () => {
    search(dialog, currentPage + 1);
  });
  for (const button of dialog.querySelectorAll("[data-picker-close]")) {
    button.addEventListener("click", () => dialog.close());
  }
  dialog.addEventListener("close", () => {
    if (currentEditor) currentEditor.commands.focus();
  });
  dialog.querySelector("[data-picker-upload]").addEventListener("submit", (event) => {
    event.preventDefault();
    upload(dialog, event.target);
  });
}

function search(dialog, page) {
  const status = dialog.querySelector("[data-picker-status]");
  const query = dialog.querySelector("input[type=search]").value.trim();
  const address = new URL(dialog.dataset.pickerUrl, window.location.href);
  address.searchParams.set("page", String(Math.max(1, page)));
  if (query) address.searchParams.set("q", query);
  status.textContent = dialog.dataset.loadingLabel;
  fetch(address, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then((response) => {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    })
    .then((data) => showResults(dialog, data, query))
    .catch(() => {
      status.textContent = dialog.dataset.failedLabel;
    });
}

function showResults(dialog, data, query) {
  currentPage = data.page;
  const list = dialog.querySelector("[data-picker-results]");
  list.textContent = "";
  for (const image of data.images) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "image-picker__choice";
    button.dataset.imageId = image.id;
    if (image.thumbnail) {
      const img = document.createElement("img");
      img.src = image.thumbnail;
      img.alt = "";
      img.width = 120;
      if (image.width) img.height = Math.round((120 * image.height) / image.width);
      button.append(img);
    }
    const name = document.createElement("span");
    name.className = "image-picker__alt";
    name.textContent = image.alt_text;
    button.append(name);
    const details = [image.caption, image.credit].filter(Boolean);
    if (image.processing) details.push(dialog.dataset.processingLabel);
    if (details.length) {
      const extra = document.createElement("span");
      extra.className = "image-picker__details";
      extra.textContent = details.join(" · ");
      button.append(extra);
    }
    button.addEventListener("click", () => choose(dialog, image));
    item.append(button);
    list.append(item);
  }
  const status = dialog.querySelector("[data-picker-status]");
  const one = data.count === 1;
  const template = query
    ? one
      ? dialog.dataset.foundOneLabel
      : dialog.dataset.foundLabel
    : one
      ? dialog.dataset.countOneLabel
      : dialog.dataset.countLabel;
  status.textContent = data.count
    ? template.replace("%(count)s", data.count).replace("%(query)s", query)
    : query
      ? dialog.dataset.noMatchLabel.replace("%(query)s", query)
      : dialog.dataset.emptyLabel;
  dialog.querySelector("[data-picker-previous]").disabled = !data.has_previous;
  dialog.querySelector("[data-picker-next]").disabled = !data.has_next;
  dialog.querySelector("[data-picker-page]").textContent = data.pages > 1
    ? dialog.dataset.pageLabel.replace("%(page)s", data.page).replace("%(pages)s", data.pages)
    : "";
}

function clearUploadErrors(dialog) {
  const errors = dialog.querySelector("[data-picker-upload-errors]");
  errors.textContent = "";
  errors.hidden = true;
}

function showUploadErrors(dialog, messages) {
  const errors = dialog.querySelector("[data-picker-upload-errors]");
  errors.textContent = "";
  const list = document.createElement("ul");
  list.className = "errorlist";
  for (const message of messages) {
    const item = document.createElement("li");
    item.textContent = message;
    list.append(item);
  }
  errors.append(list);
  errors.hidden = false;
}

function upload(dialog, form) {
  clearUploadErrors(dialog);
  const submit = form.querySelector("[type=submit]");
  submit.disabled = true;
  const data = new FormData(form);
  fetch(form.action, {
    method: "POST",
    body: data,
    credentials: "same-origin",
    headers: {
      Accept: "application/json",
      "X-CSRFToken": data.get("csrfmiddlewaretoken"),
    },
  })
    .then((response) =>
      response
        .json()
        .catch(() => ({ error: dialog.dataset.uploadFailedLabel.replace("%s", response.status) }))
        .then((answer) => ({ ok: response.ok, answer })),
    )
    .then(({ ok, answer }) => {
      if (ok && answer.image) {
        form.reset();
        choose(dialog, answer.image);
        return;
      }
      const messages = [];
      for (const [field, fieldErrors] of Object.entries(answer.errors || {})) {
        const input = form.querySelector("[name=" + field + "]");
        const label = input && form.querySelector("label[for=" + input.id + "]");
        for (const error of fieldErrors) {
          messages.push(label ? label.textContent.replace(/:$/, "") + ": " + error : error);
        }
      }
      showUploadErrors(dialog, messages.length ? messages : [answer.error]);
    })
    .catch(() => showUploadErrors(dialog, [dialog.dataset.uploadFailedLabel.replace("%s", "—")]))
    .finally(() => {
      submit.disabled = false;
    });
}
