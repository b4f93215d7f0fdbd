;;; residency.el --- Eglot set-up for the residency language server  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "28.1") (eglot "1.9"))
;; Keywords: languages, tools, convenience

;; This file is not part of GNU Emacs.

;;; Commentary:

;; `residency lsp' is a language server that flags identity data (Microsoft
;; Entra ID) that Azure infrastructure code would put outside Europe.  It reads
;; ARM templates and parameters files (JSON), Bicep (.bicep, .bicepparam),
;; Terraform (.tf, .tf.json, .tfvars) and Pulumi / Azure Service Operator YAML.
;;
;; This package registers it with Eglot (the package eglot 1.9 or newer on
;; Emacs 28, the built-in one on Emacs 29 and later):
;;
;;   (add-to-list 'load-path "/path/to/residency/editors/emacs")
;;   (require 'residency)
;;   (residency-eglot-setup)
;;
;; then `M-x eglot' in a Terraform, Bicep, JSON or YAML buffer, or
;; `eglot-ensure' from the mode hooks.  See README.md beside this file.
;;
;; Eglot runs one server per buffer: for the modes in `residency-eglot-modes',
;; residency replaces whatever server Eglot would otherwise start (terraform-ls,
;; yaml-language-server, vscode-json-language-server...).
;;
;; Where Emacs has no major mode for a file type (Emacs 28 has none for
;; Terraform or Bicep, nor a JSON mode of its own), `residency-eglot-setup'
;; installs a small fallback mode for it, derived from `prog-mode' (or `js-mode'
;; for JSON): `residency-hcl-mode', `residency-bicep-mode', `residency-json-mode'.
;; They are used only when terraform-mode / hcl-mode, bicep-mode /
;; bicep-ts-mode, json-mode / js-json-mode / json-ts-mode are not available.
;;
;; Settings go through `eglot-workspace-configuration', section :residency:
;;
;;   (setq-default eglot-workspace-configuration
;;                 '(:residency (:boundary "europe"
;;                               :preferredRegion "swedencentral"
;;                               :rules (:EU021 "off"))))

;;; Code:

(require 'cl-lib)
(require 'eglot)

(defgroup residency nil
  "The residency language server (data residency of identity data)."
  :group 'tools
  :prefix "residency-")

(defcustom residency-executable "residency"
  "The residency binary, started by Eglot as \"EXECUTABLE lsp\".
A name looked up in the variable `exec-path', or a full path."
  :type 'string)

(defcustom residency-eglot-modes
  '((terraform-mode :language-id "terraform")
    (hcl-mode :language-id "terraform")
    (residency-hcl-mode :language-id "terraform")
    (json-mode :language-id "json")
    (jsonc-mode :language-id "jsonc")
    (js-json-mode :language-id "json")
    (json-ts-mode :language-id "json")
    (residency-json-mode :language-id "json")
    (bicep-mode :language-id "bicep")
    (bicep-ts-mode :language-id "bicep")
    (residency-bicep-mode :language-id "bicep")
    (yaml-mode :language-id "yaml")
    (yaml-ts-mode :language-id "yaml"))
  "Major modes whose buffers `residency lsp' manages, as Eglot mode specs.
Each element is MODE or (MODE :language-id ID); modes derived from MODE
match too.  Modes that are not installed are harmless.  Remove a mode to
keep Eglot's own server for it.  Takes effect at the next call of
`residency-eglot-setup'."
  :type '(repeat (choice symbol (list symbol (const :language-id) string))))

(defcustom residency-fallback-modes t
  "Whether `residency-eglot-setup' may give file types a fallback major mode.
When non-nil, .tf/.tfvars files open in `residency-hcl-mode' if neither
`terraform-mode' nor `hcl-mode' is available, .bicep/.bicepparam files in
`residency-bicep-mode' if neither `bicep-mode' nor `bicep-ts-mode' is, and
.json/.jsonc files in `residency-json-mode' if no JSON mode is (Emacs 28
without the json-mode package)."
  :type 'boolean)

;;;; Fallback major modes

(defvar residency-hcl-mode-syntax-table
  (let ((table (make-syntax-table)))
    (modify-syntax-entry ?_ "_" table)
    (modify-syntax-entry ?- "_" table)
    (modify-syntax-entry ?\" "\"" table)
    (modify-syntax-entry ?\\ "\\" table)
    ;; # and // line comments, /* */ block comments.
    (modify-syntax-entry ?# "< b" table)
    (modify-syntax-entry ?/ ". 124b" table)
    (modify-syntax-entry ?* ". 23" table)
    (modify-syntax-entry ?\n "> b" table)
    table)
  "Syntax table of `residency-hcl-mode'.")

(defconst residency--hcl-font-lock
  `((,(regexp-opt '("resource" "data" "variable" "locals" "module" "provider"
                    "output" "terraform" "moved" "import" "removed" "check")
                  'symbols)
     . font-lock-keyword-face)
    (,(regexp-opt '("true" "false" "null") 'symbols) . font-lock-constant-face)
    ("^[ \t]*\\([[:alnum:]_-]+\\)[ \t]*=" 1 font-lock-variable-name-face))
  "Highlighting of `residency-hcl-mode'.")

;;;###autoload
(define-derived-mode residency-hcl-mode prog-mode "HCL"
  "A minimal major mode for Terraform files (HCL), for Eglot and residency.
`residency-eglot-setup' uses it only where neither `terraform-mode' nor
`hcl-mode' is available."
  :syntax-table residency-hcl-mode-syntax-table
  (setq-local comment-start "# ")
  (setq-local comment-start-skip "\\(?:#+\\|/[/*]+\\)[ \t]*")
  (setq-local indent-tabs-mode nil)
  (setq-local font-lock-defaults '(residency--hcl-font-lock)))

(defvar residency-bicep-mode-syntax-table
  (let ((table (make-syntax-table)))
    (modify-syntax-entry ?_ "_" table)
    (modify-syntax-entry ?' "\"" table)
    (modify-syntax-entry ?\" "." table)
    (modify-syntax-entry ?\\ "\\" table)
    ;; // line comments, /* */ block comments.
    (modify-syntax-entry ?/ ". 124b" table)
    (modify-syntax-entry ?* ". 23" table)
    (modify-syntax-entry ?\n "> b" table)
    table)
  "Syntax table of `residency-bicep-mode'.")

(defconst residency--bicep-font-lock
  `((,(regexp-opt '("targetScope" "metadata" "param" "var" "resource" "module"
                    "output" "existing" "for" "in" "if" "using" "import" "type"
                    "func" "extension")
                  'symbols)
     . font-lock-keyword-face)
    (,(regexp-opt '("true" "false" "null") 'symbols) . font-lock-constant-face)
    ("@[[:alnum:]_]+" . font-lock-preprocessor-face))
  "Highlighting of `residency-bicep-mode'.")

;;;###autoload
(define-derived-mode residency-bicep-mode prog-mode "Bicep"
  "A minimal major mode for Bicep files, for Eglot and residency.
`residency-eglot-setup' uses it only where neither `bicep-mode' nor
`bicep-ts-mode' is available."
  :syntax-table residency-bicep-mode-syntax-table
  (setq-local comment-start "// ")
  (setq-local comment-start-skip "/[/*]+[ \t]*")
  (setq-local indent-tabs-mode nil)
  (setq-local font-lock-defaults '(residency--bicep-font-lock)))

;;;###autoload
(define-derived-mode residency-json-mode js-mode "JSON"
  "A JSON mode (ARM templates, parameters files), for Eglot and residency.
`residency-eglot-setup' uses it only where no JSON mode is available
\(Emacs 28 without the json-mode package); Emacs 29 has `js-json-mode'."
  (setq-local js-indent-level 2))

(defun residency--available-p (&rest modes)
  "Whether one of MODES is defined or autoloaded."
  (cl-some #'fboundp modes))

(defun residency--install-fallback-modes ()
  "Give file types without a major mode one of the residency fallback modes."
  (unless (residency--available-p 'terraform-mode 'hcl-mode)
    (add-to-list 'auto-mode-alist '("\\.tf\\'" . residency-hcl-mode))
    (add-to-list 'auto-mode-alist '("\\.tfvars\\'" . residency-hcl-mode)))
  (unless (residency--available-p 'bicep-mode 'bicep-ts-mode)
    (add-to-list 'auto-mode-alist '("\\.bicep\\(?:param\\)?\\'" . residency-bicep-mode)))
  (unless (residency--available-p 'json-mode 'js-json-mode 'json-ts-mode)
    (add-to-list 'auto-mode-alist '("\\.jsonc?\\'" . residency-json-mode))))

;;;; Eglot

(defun residency--contact (&rest _)
  "Return the server command: `residency-executable' lsp.
Eglot calls it with INTERACTIVE (and, in newer versions, the project)."
  (list residency-executable "lsp"))

;;;###autoload
(defun residency-eglot-setup ()
  "Register `residency lsp' with Eglot for `residency-eglot-modes'.
Also gives Terraform, Bicep and JSON files a fallback major mode where
Emacs has none (see `residency-fallback-modes').  Calling it again
replaces the previous registration."
  (interactive)
  (when residency-fallback-modes
    (residency--install-fallback-modes))
  (setq eglot-server-programs
        (cl-remove-if (lambda (entry) (eq (cdr-safe entry) #'residency--contact))
                      eglot-server-programs))
  ;; First, so that it wins over Eglot's own entries for these modes.
  (push (cons (copy-tree residency-eglot-modes) #'residency--contact)
        eglot-server-programs))

(provide 'residency)
;;; residency.el ends here
