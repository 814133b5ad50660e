;;; smoke.el --- Emacs (eglot) smoke test for the Entente language server  -*- lexical-binding: t -*-
;;
;;   emacs -q --batch -l test/emacs/smoke.el       (Emacs 28+ with eglot 1.9+; -q keeps the site
;;                                                files that activate Debian's elpa-eglot)
;;
;; Starts `node bin/entente-language-server.js --stdio' through eglot on a copy of note.txt in a
;; temporary folder, then checks diagnostics, hover (eglot asks for plain text unless markdown-mode
;; is installed: the card must come without raw `**' or `[…](…)') and go-to-definition.  Prints one
;; `ok - …' / `not ok - …' line per check, then `N passed, M failed', and exits non-zero on failure.

(require 'package)
(package-initialize)
(require 'eglot)
(require 'cl-lib)

(defvar smoke-here (file-name-directory (or load-file-name buffer-file-name)))
(defvar smoke-repo (expand-file-name "../.." smoke-here))
(defvar smoke-server (expand-file-name "bin/entente-language-server.js" smoke-repo))
(defvar smoke-timeout (string-to-number (or (getenv "ENTENTE_EMACS_TIMEOUT") "60")))
(defvar smoke-passed 0)
(defvar smoke-failed 0)
(defvar smoke-diagnostics nil "The last textDocument/publishDiagnostics for the note.")

(defun smoke-out (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n")))

(defun smoke-check (ok name &optional detail)
  (if ok
      (progn (cl-incf smoke-passed) (smoke-out "ok - %s" name))
    (cl-incf smoke-failed)
    (smoke-out "not ok - %s%s" name (if detail (format "  # %s" detail) ""))))

(defun smoke-finish ()
  (smoke-out "%d passed, %d failed" smoke-passed smoke-failed)
  (kill-emacs (if (and (> smoke-passed 0) (= smoke-failed 0)) 0 1)))

(defun smoke-wait (pred seconds)
  "Process server output until PRED is non-nil or SECONDS have passed; return PRED's value."
  (let ((deadline (+ (float-time) seconds)) value)
    (while (and (not (setq value (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.1))
    value))

;; Record the diagnostics as they arrive (flymake's display needs idle timers, which batch mode
;; does not run).
(advice-add 'eglot-handle-notification :before
            (lambda (_server method &rest params)
              (when (eq method 'textDocument/publishDiagnostics)
                (setq smoke-diagnostics (plist-get params :diagnostics)))))

(let* ((root (make-temp-file "entente-emacs-" t))
       (note (expand-file-name "note.txt" root))
       (default-directory (file-name-as-directory root))
       (eglot-sync-connect t)
       (eglot-connect-timeout smoke-timeout)
       (eglot-autoshutdown nil)
       server)
  (copy-file (expand-file-name "note.txt" smoke-here) note)
  (add-to-list 'eglot-server-programs `(text-mode . ("node" ,smoke-server "--stdio")))
  (condition-case err
      (progn
        (find-file note)
        (text-mode)
        (setq server (apply #'eglot (eglot--guess-contact)))
        (smoke-check (and server (jsonrpc-running-p server)) "eglot connects to entente-language-server --stdio")

        ;; Diagnostics: the date the sources contradict, and the impossible date.
        (let ((codes (smoke-wait (lambda ()
                                   (let ((cs (mapcar (lambda (d) (plist-get d :code)) smoke-diagnostics)))
                                     (and (member "date-conflict" cs) (member "date-invalid" cs) cs)))
                                 smoke-timeout)))
          (smoke-check codes "diagnostics: date-conflict and date-invalid"
                       (format "got %S" (mapcar (lambda (d) (plist-get d :code)) smoke-diagnostics))))

        ;; Hover on "CSTO": a card in the format eglot asked for.
        (goto-char (point-min))
        (search-forward "CSTO")
        (backward-char 2)
        (let* ((formats (plist-get (plist-get (plist-get (eglot-client-capabilities server) :textDocument) :hover) :contentFormat))
               (hover (smoke-wait (lambda ()
                                    (ignore-errors
                                      (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams))))
                                  smoke-timeout))
               (contents (plist-get hover :contents))
               (kind (and (listp contents) (plist-get contents :kind)))
               (value (cond ((stringp contents) contents)
                            ((listp contents) (or (plist-get contents :value) ""))
                            (t ""))))
          (smoke-out "# eglot asks for hover formats %S; the server answered %S" formats kind)
          (smoke-check (string-match-p "Collective Security Treaty Organization" value)
                       "hover on CSTO names the Collective Security Treaty Organization"
                       (substring value 0 (min 200 (length value))))
          (unless (member "markdown" (append formats nil))
            (smoke-check (equal kind "plaintext") "hover is plain text, as eglot asked" (format "kind %S" kind))
            (smoke-check (not (string-match-p "\\*\\*" value)) "plain-text hover has no raw **"
                         (substring value 0 (min 200 (length value))))
            (smoke-check (not (string-match-p "\\](\\(command\\|https?\\|file\\):" value)) "plain-text hover has no raw [...](...) links"
                         (substring value 0 (min 200 (length value))))))

        ;; Go to definition: into the bundled corpus.
        (let* ((defs (jsonrpc-request server :textDocument/definition (eglot--TextDocumentPositionParams)))
               (first (if (vectorp defs) (and (> (length defs) 0) (aref defs 0)) defs))
               (uri (or (plist-get first :uri) (plist-get first :targetUri))))
          (smoke-check (and uri (string-match-p "international-security-organizations-in-eurasia\\.txt\\'" uri))
                       "definition of CSTO is in the bundled corpus" (format "%S" uri)))

        (eglot-shutdown server)
        (smoke-check (not (jsonrpc-running-p server)) "server stops on shutdown/exit"))
    (error (smoke-check nil "smoke test ran without error" (error-message-string err))))
  (delete-directory root t)
  (smoke-finish))
