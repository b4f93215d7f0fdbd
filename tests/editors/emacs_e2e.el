;;; emacs_e2e.el --- End-to-end test of editors/emacs/residency.el with Eglot  -*- lexical-binding: t; -*-

;; Run from a workspace folder holding the file to open:
;;   timeout 90 emacs -q --batch -l tests/editors/emacs_e2e.el
;; (`-q', not `-Q': with -Q, Debian's site-start does not run and the elpa-eglot
;; package is not found.)
;; Environment:
;;   RESIDENCY_REPO         the repository root (loads editors/emacs/residency.el)
;;   RESIDENCY_E2E_FILE     the file to open (default main.tf); it must have an EU001
;;                          finding with the fix "Set the data residency location to `Europe`"
;;   RESIDENCY_E2E_WAIT_MS  how long to wait for the EU001 diagnostic (default 10000)
;;   PATH                   must find `residency' (the default `residency-executable')
;; Prints DIAG, HOVER, ACTION, AFTER-EDIT, CLEARED and PASS on stdout, one line per step
;; as each happens (a timing trace goes to stderr); or "FAIL: ..." and exits 1.
;;
;; The set-up is loaded as its README documents (load-path, require, setup, M-x eglot).
;; Batch Emacs is never idle, so idle timers (Eglot's didChange, Flymake's re-check) are
;; run by hand where an interactive Emacs would run them.

;;; Code:

(require 'package)
(package-initialize)
(require 'cl-lib)
(require 'subr-x)

(defvar residency-e2e-t0 (float-time))
(defvar residency-e2e-wait-ms
  (let ((w (getenv "RESIDENCY_E2E_WAIT_MS")))
    (if (and w (not (string-empty-p w))) (string-to-number w) 10000)))
(defconst residency-e2e-want "Set the data residency location to `Europe`")

(defun residency-e2e-out (line)
  "Print LINE on stdout at once, and a timed copy on stderr."
  ;; `princ' is buffered in batch mode; `send-string-to-terminal' flushes.
  (send-string-to-terminal (concat line "\n"))
  (message "emacs_e2e: %5d ms %s" (round (* 1000 (- (float-time) residency-e2e-t0)))
           (truncate-string-to-width line 120)))

(defun residency-e2e-fail (fmt &rest args)
  (residency-e2e-out (concat "FAIL: " (apply #'format fmt args)))
  (kill-emacs 1))

(run-at-time 60 nil (lambda () (residency-e2e-fail "watchdog")))

(defun residency-e2e-run-idle-timers ()
  "Run the idle timers that are due once the user stops typing."
  (dolist (timer (copy-sequence timer-idle-list))
    (when (memq timer timer-idle-list)
      (timer-event-handler timer))))

(defun residency-e2e-wait (pred ms &optional idle)
  "Wait up to MS milliseconds for PRED, letting processes and timers run.
With IDLE, also run idle timers (as an interactive Emacs would when idle)."
  (let ((deadline (+ (float-time) (/ ms 1000.0))) value)
    (while (and (not (setq value (funcall pred))) (< (float-time) deadline))
      (when idle (residency-e2e-run-idle-timers))
      (accept-process-output nil 0.02))
    value))

(defun residency-e2e-lsp-diag (diag)
  "The LSP diagnostic (a plist) Eglot attached to the Flymake DIAG."
  (cdr (assoc 'eglot-lsp-diag
              (if (fboundp 'eglot--diag-data)
                  (eglot--diag-data diag)
                (flymake-diagnostic-data diag)))))

(defun residency-e2e-eu001 ()
  "The EU001 Flymake diagnostics of the current buffer."
  (cl-remove-if-not (lambda (d)
                      (equal (plist-get (residency-e2e-lsp-diag d) :code) "EU001"))
                    (flymake-diagnostics)))

(defun residency-e2e-flat (text)
  (replace-regexp-in-string "\n" " " (or text "")))

(condition-case err
    (progn
      ;; --- The user's set-up, as editors/emacs/README.md says. ---------------------
      (add-to-list 'load-path (expand-file-name
                               "editors/emacs"
                               (or (getenv "RESIDENCY_REPO")
                                   (expand-file-name
                                    "../.." (file-name-directory load-file-name)))))
      (require 'residency)
      (residency-eglot-setup)
      ;; Else `M-x eglot' would prompt for a command (and read stdin in batch mode).
      (unless (executable-find residency-executable)
        (residency-e2e-fail "`%s' is not on PATH" residency-executable))

      ;; 1. Open the file and M-x eglot; wait for the EU001 diagnostic.
      (find-file (or (getenv "RESIDENCY_E2E_FILE") "main.tf"))
      (message "emacs_e2e: major mode %s" major-mode)
      (call-interactively #'eglot)
      (let ((server (eglot-current-server)))
        (unless server (residency-e2e-fail "eglot did not start a server"))
        (unless (residency-e2e-wait #'residency-e2e-eu001 residency-e2e-wait-ms)
          (residency-e2e-fail "no EU001 diagnostic within %d ms" residency-e2e-wait-ms))
        (let* ((d (car (residency-e2e-eu001)))
               (beg (flymake-diagnostic-beg d))
               (end (flymake-diagnostic-end d))
               (line (line-number-at-pos beg))
               (col (1+ (- beg (save-excursion (goto-char beg) (line-beginning-position)))))
               (lsp (residency-e2e-lsp-diag d)))
          (residency-e2e-out (format "DIAG %d:%d %s %s" line col
                                     (plist-get lsp :code) (plist-get lsp :message)))

          ;; 2. Hover at the diagnostic's start, through Eglot's ElDoc hover function.
          (goto-char beg)
          (let (hover)
            (eglot-hover-eldoc-function (lambda (info &rest _) (setq hover (or info ""))))
            (unless (residency-e2e-wait (lambda () hover) 5000)
              (residency-e2e-fail "no hover"))
            (let ((flat (residency-e2e-flat (substring-no-properties hover))))
              (residency-e2e-out (concat "HOVER " (truncate-string-to-width flat 300)))
              (unless (string-match-p "EU001" flat)
                (residency-e2e-fail "the hover does not mention EU001"))))

          ;; 3. M-x eglot-code-actions on the diagnostic; pick the wanted action.
          (let (offered chosen)
            (cl-letf (((symbol-function 'completing-read)
                       (lambda (_prompt collection &rest _)
                         (setq offered (mapcar (lambda (c) (if (consp c) (car c) c))
                                               collection))
                         (setq chosen (cl-find-if
                                       (lambda (title)
                                         (string-prefix-p residency-e2e-want title))
                                       offered))
                         (or chosen ""))))
              ;; As after `M-x eglot-code-actions RET' (not a mouse menu).
              (let ((last-nonmenu-event ?\r))
                (condition-case e
                    (eglot-code-actions beg end nil t)
                  (error (unless chosen
                           (residency-e2e-fail "code actions: %s"
                                               (error-message-string e)))
                         (signal (car e) (cdr e))))))
            (unless chosen
              (residency-e2e-fail "no action titled \"%s\" in: %S" residency-e2e-want offered))
            (residency-e2e-out (concat "ACTION " chosen))
            (let ((after (save-excursion
                           (goto-char (point-min)) (forward-line (1- line))
                           (buffer-substring-no-properties (line-beginning-position)
                                                           (line-end-position)))))
              (residency-e2e-out (concat "AFTER-EDIT " after))
              (unless (string-match-p "\"Europe\"" after)
                (residency-e2e-fail "the edit was not applied"))))

          ;; 4. Eglot sends the change when idle; the server re-lints.
          (unless (residency-e2e-wait (lambda () (null (residency-e2e-eu001)))
                                      residency-e2e-wait-ms t)
            (residency-e2e-fail "the EU001 diagnostic is still there after %d ms"
                                residency-e2e-wait-ms))
          (residency-e2e-out "CLEARED"))

        ;; 5. Shut the server down.
        (set-buffer-modified-p nil)
        (let ((process (jsonrpc--process server)))
          (eglot-shutdown server)
          (unless (residency-e2e-wait (lambda () (not (process-live-p process))) 5000)
            (residency-e2e-fail "the server did not exit")))
        (residency-e2e-out "PASS")
        (kill-emacs 0)))
  (error (residency-e2e-fail "%s" (error-message-string err))))

;;; emacs_e2e.el ends here
